package dev.tether.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** How many small appends with {@code fdatasync} one thread gets per second in a folder: the store's floor. */
final class DiskProbe {
    private DiskProbe() {
    }

    static double fdatasyncsPerSecond(Path dir, Duration duration) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("fsync-probe.bin");
            long count = 0;
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer page = ByteBuffer.allocate(4096);
                while (System.nanoTime() < end) {
                    page.clear();
                    ch.write(page);
                    ch.force(false);
                    count++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Files.deleteIfExists(file);
            return count / seconds;
        } catch (IOException e) {
            throw new UncheckedIOException("The fsync probe failed in " + dir, e);
        }
    }
}
