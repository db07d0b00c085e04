package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.BValue;
import dev.bittern.bencode.Bencode;
import dev.bittern.metainfo.Metainfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InfoCommandTest {
    private static final String HEX = "dd8255ecdc7ca55fb0bbf81323d87062db1f6d1c";

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A multi-file torrent with {@code fileCount} files of 1000 bytes each, and every optional field. */
    private static byte[] multiFileTorrent(int fileCount, String comment) {
        List<BValue> files = new ArrayList<>();
        for (int i = 0; i < fileCount; i++) {
            files.add(BDictionary.builder().put("length", 1000)
                    .put("path", BList.of(BString.of("dir " + (i / 10)), BString.of(String.format("file%03d.txt", i)))).build());
        }
        int pieceLength = 16_384;
        long total = 1000L * fileCount;
        BDictionary info = BDictionary.builder()
                .put("files", new BList(files))
                .put("name", "My Collection")
                .put("piece length", pieceLength)
                .put("pieces", new byte[(int) ((total + pieceLength - 1) / pieceLength) * 20])
                .put("private", 1)
                .build();
        return Bencode.encode(BDictionary.builder()
                .put("announce", "http://t1.example/announce")
                .put("announce-list", BList.of(BList.of(BString.of("http://t1.example/announce")),
                        BList.of(BString.of("udp://t2.example:6969"), BString.of("udp://t3.example:6969"))))
                .put("comment", comment)
                .put("created by", "hand-built test")
                .put("creation date", 1_700_000_000L)
                .put("info", info)
                .put("url-list", "http://seed.example/files/")
                .build());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void torrentFileShowsEveryFieldAndCapsTheFileList() throws IOException {
        byte[] bytes = multiFileTorrent(60, "a comment");
        Path torrent = write("c.torrent", bytes);
        String hash = Metainfo.parse(bytes).infoHash().hex();

        Result r = run("info", torrent.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("name:          My Collection\n")
                .contains("info-hash:     " + hash + "\n")
                .contains("magnet:        magnet:?xt=urn:btih:" + hash + "&dn=My%20Collection&tr=http%3A%2F%2Ft1.example%2Fannounce")
                .contains("total size:    58.6 KiB (60000 bytes)\n")
                .contains("piece length:  16.0 KiB (16384 bytes)\n")
                .contains("pieces:        4\n")
                .contains("private:       yes")
                .contains("files:         60 in folder 'My Collection'\n")
                .contains("  dir 0/file000.txt  1000 bytes\n")
                .contains("  dir 4/file049.txt  1000 bytes\n")
                .doesNotContain("file050.txt")
                .contains("  ... and 10 more (--json lists all)\n")
                .contains("  tier 1: http://t1.example/announce\n")
                .contains("  tier 2: udp://t2.example:6969, udp://t3.example:6969\n")
                .contains("web seeds:\n  http://seed.example/files/\n")
                .contains("comment:       a comment\n")
                .contains("created by:    hand-built test\n")
                .contains("creation date: 2023-11-14T22:13:20Z");
    }

    @Test
    void jsonListsAllFilesAndEscapesStrings() throws IOException {
        byte[] bytes = multiFileTorrent(60, "say \"hi\"\\\nbye\u0001");
        Path torrent = write("c.torrent", bytes);
        String hash = Metainfo.parse(bytes).infoHash().hex();

        Result r = run("info", "--json", torrent.toString());

        assertThat(r.exit()).isZero();
        String json = r.out().strip();
        assertThat(json).startsWith("{").endsWith("}");
        assertThat(json)
                .contains("\"type\": \"torrent\"")
                .contains("\"name\": \"My Collection\"")
                .contains("\"infoHash\": \"" + hash + "\"")
                .contains("\"totalSize\": 60000")
                .contains("\"pieceLength\": 16384")
                .contains("\"pieceCount\": 4")
                .contains("\"private\": true")
                .contains("\"path\": \"dir 5/file059.txt\"")
                .contains("\"webSeeds\": [\n    \"http://seed.example/files/\"\n  ]")
                .contains("\"comment\": \"say \\\"hi\\\"\\\\\\nbye\\u0001\"")
                .contains("\"creationDate\": \"2023-11-14T22:13:20Z\"");
        assertThat(json.split("\"path\": ", -1)).hasSize(61);
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
    }

    @Test
    void controlCharactersFromTheTorrentAreShownEscapedInText() throws IOException {
        Path torrent = write("c.torrent", multiFileTorrent(1, "evil\u001b[2Jcomment\nsecond line"));
        Result r = run("info", torrent.toString());
        assertThat(r.out()).contains("comment:       evil\\u001b[2Jcomment\\u000asecond line\n").doesNotContain("\u001b");
    }

    @Test
    void torrentUrlIsFetchedFromAWebServer() throws IOException {
        byte[] bytes = multiFileTorrent(3, "served");
        String hash = Metainfo.parse(bytes).infoHash().hex();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/c.torrent", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/x-bittorrent");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/c.torrent";
            Result r = run("info", url);
            assertThat(r.err()).isEmpty();
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("info-hash:     " + hash).contains("comment:       served");

            Result missing = run("info", "http://127.0.0.1:" + server.getAddress().getPort() + "/missing.torrent");
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.out()).isEmpty();
            assertThat(missing.err()).isEqualTo("bittern info: http://127.0.0.1:" + server.getAddress().getPort()
                    + "/missing.torrent: HTTP status 404 (expected 200)" + System.lineSeparator());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unreachableUrlIsOneClearLine() {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        Result r = run("info", "http://127.0.0.1:1/x.torrent");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("bittern info: http://127.0.0.1:1/x.torrent: cannot connect").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void magnetShowsWhatTheLinkCarries() {
        Result r = run("info", "magnet:?xt=urn:btih:" + HEX + "&dn=Big+Buck+Bunny&tr=udp%3A%2F%2Fexplodie.org%3A6969"
                + "&tr=wss%3A%2F%2Ftracker.example&x.pe=%5B2001%3Adb8%3A%3A1%5D%3A51413");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("name:          Big Buck Bunny\n")
                .contains("info-hash:     " + HEX + "\n")
                .contains("trackers:\n  udp://explodie.org:6969\n  wss://tracker.example\n")
                .contains("peers:\n  [2001:db8::1]:51413\n")
                .contains("come with the metadata from peers (BEP 9)");

        Result json = run("info", "--json", "magnet:?xt=urn:btih:" + HEX + "&tr=http%3A%2F%2Fa.example%2Fann");
        assertThat(json.out()).contains("\"type\": \"magnet\"").contains("\"name\": null")
                .contains("\"infoHash\": \"" + HEX + "\"").contains("\"trackers\": [\n    \"http://a.example/ann\"\n  ]");
    }

    @Test
    void invalidMagnetIsOneLineNamingTheParameter() {
        Result r = run("info", "magnet:?dn=nothing");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bittern info: invalid magnet: xt: missing: a magnet needs xt=urn:btih:<info-hash>"
                + System.lineSeparator());
    }

    @Test
    void invalidTorrentIsOneLineNamingFileAndField() throws IOException {
        BDictionary info = BDictionary.builder().put("length", 5).put("name", "x").put("piece length", 0).put("pieces", new byte[0]).build();
        Path bad = write("x.torrent", Bencode.encode(BDictionary.builder().put("info", info).build()));
        Result r = run("info", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("bittern info: " + bad + ": invalid torrent: info.piece length: must be between 1 and 1073741824, got 0"
                + System.lineSeparator());

        Path garbage = write("g.torrent", "d4:info".getBytes());
        Result g = run("info", garbage.toString());
        assertThat(g.exit()).isEqualTo(1);
        assertThat(g.err()).startsWith("bittern info: " + garbage + ": invalid torrent: bencode: ").contains("at byte 7");
    }

    @Test
    void missingFileSaysNoSuchFile() {
        Path none = dir.resolve("none.torrent");
        Result r = run("info", none.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("bittern info: " + none + ": no such file" + System.lineSeparator());
        Result d = run("info", dir.toString());
        assertThat(d.err()).isEqualTo("bittern info: " + dir + ": is a directory, not a .torrent file" + System.lineSeparator());
    }

    @Test
    void helpDescribesTheCommand() {
        Result r = run("info", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: bittern info").contains("FILE|URL|MAGNET").contains("--json");
    }
}
