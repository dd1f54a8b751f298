package io.tokenfence.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ES256 signature floor of another JDK or provider: {@link Floors#main} run there, on the harness's own classpath.
 */
final class SignFloor {

    private SignFloor() {
    }

    static double measureOn(Path javaHome, boolean bouncyCastle) {
        try {
            Process process = new ProcessBuilder(List.of(javaHome.resolve("bin").resolve("java").toString(), "-cp",
                    System.getProperty("java.class.path"), Floors.class.getName(), bouncyCastle ? "bc" : "jdk"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("The signature floor on " + javaHome + " failed: " + out);
            }
            String[] lines = out.split("\\R");
            return Double.parseDouble(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + javaHome + "/bin/java: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
