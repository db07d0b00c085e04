package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    @Test
    void aRunOfOneSubcommandBuildsOnlyThatSubcommand() {
        assertThat(Main.commandLine("create").getSubcommands()).containsOnlyKeys("create");
        assertThat(Main.commandLine("tracker").getSubcommands()).containsOnlyKeys("tracker");
    }

    @Test
    void helpOptionsAndUnknownNamesGetEverySubcommand() {
        String[] all = Arrays.stream(Main.SUBCOMMANDS).map(c -> c.getAnnotation(CommandLine.Command.class).name())
                .toArray(String[]::new);
        assertThat(all).contains("help", "create", "info", "verify", "tracker");
        for (String first : new String[] {"", "help", "--help", "creat"}) {
            assertThat(Main.commandLine(first).getSubcommands()).as(first).containsOnlyKeys(all);
        }
    }

    @Test
    void helpForASubcommandStillWorks() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine("help");
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("help", "create")).isZero();
        assertThat(out.toString()).contains("Usage: bittern create");
    }

    @Test
    void aSubcommandBuiltAloneReportsErrorsUnderItsOwnName() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine("create");
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("create", "/nonexistent/bittern-main-test");
        assertThat(code).isNotZero();
        assertThat(err.toString()).startsWith("bittern create: ");
    }
}
