import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step for the runnable jar (cli/pom.xml, JDK 24+ only; run as {@code java UpgradeOldClassFiles.java JAR}):
 * rewrites class files older than Java 6 (major version below 50) as Java 8 class files (52) with
 * StackMapTable attributes, leaving their code unchanged.
 *
 * <p>Why: picocli 4.x ships Java 5 class files. The JDK 25 AOT cache (JEP 483) that {@code ./bittern}
 * uses to start fast refuses them ("Unlinked class not supported by AOTClassLinking"), so every run
 * loaded, parsed and verified (with the old type-inferring verifier) about 170 picocli classes from
 * the jar: about 0.1 CPU-s and 0.1-0.2 s of wall time before any work starts (bench/create,
 * docs/benchmarks.md). As Java 8 class files they go into the cache like our own classes.
 *
 * <p>Safety: the ClassFile API computes the stack maps from the class hierarchy (the jar itself plus
 * the JDK), and every rewritten class is checked with the ClassFile API's verifier (a port of the
 * JVM's split verifier) before the jar is replaced; any error fails the build. The JVM verifies them
 * again at load time as usual. The jar is rewritten via a temporary copy and an atomic rename.
 */
public final class UpgradeOldClassFiles {
    private static final int JAVA_6 = 50;
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java UpgradeOldClassFiles.java JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrade.tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        int upgraded;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             FileSystem zip = FileSystems.newFileSystem(tmp)) {
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            List<Path> classes;
            try (Stream<Path> files = Files.walk(zip.getPath("/"))) {
                classes = files.filter(p -> p.toString().endsWith(".class") && !p.startsWith("/META-INF")).toList();
            }
            List<String> errors = new ArrayList<>();
            upgraded = 0;
            for (Path p : classes) {
                byte[] old = Files.readAllBytes(p);
                ClassModel model = cf.parse(old);
                if (model.majorVersion() >= JAVA_6) {
                    continue;
                }
                // Rebuilding every method body (ACCEPT_ALL) makes the API generate the stack maps.
                byte[] now = cf.transformClass(model,
                        ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen(ClassTransform.endHandler(b -> b.withVersion(TARGET, 0))));
                cf.verify(now).forEach(e -> errors.add(p + ": " + e.getMessage()));
                Files.write(p, now);
                upgraded++;
            }
            if (!errors.isEmpty()) {
                errors.forEach(System.err::println);
                throw new IOException(errors.size() + " verify errors after upgrading class files in " + jar);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("UpgradeOldClassFiles: " + upgraded + " class files in " + jar.getFileName()
                + " rewritten as Java 8 class files");
    }
}
