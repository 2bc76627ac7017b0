package dev.tether.faults.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one client saw and did, in order: the raw material of the checker. Thread-safe; appends are
 * ordered by a lock, so the order is the order in which the client handled them. Optionally mirrored to a
 * file as JSON lines (flushed per entry), which is how a client in another process hands its history over.
 */
public final class History {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String client;
    private final List<Entry> entries = new ArrayList<>();
    private final BufferedWriter mirror;

    public History(String client) {
        this(client, null);
    }

    private History(String client, BufferedWriter mirror) {
        this.client = Objects.requireNonNull(client, "client");
        this.mirror = mirror;
    }

    /** A history that also writes every entry to {@code file} as one JSON line. */
    public static History mirroredTo(String client, Path file) {
        try {
            return new History(client, Files.newBufferedWriter(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the history file " + file, e);
        }
    }

    /** Reads a history written by {@link #mirroredTo}; a last line cut off by a kill is skipped. */
    public static History read(String client, Path file) {
        History h = new History(client);
        try {
            for (String line : Files.readAllLines(file)) {
                try {
                    h.entries.add(JSON.readValue(line, Entry.class));
                } catch (JsonProcessingException e) {
                    System.err.println("skipping an unreadable history line of " + client + ": " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the history file " + file, e);
        }
        return h;
    }

    public static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    public String client() {
        return client;
    }

    public void add(int connection, Entry.Kind kind, String text, int code) {
        Entry e = new Entry(nowMicros(), connection, kind, text, code);
        synchronized (entries) {
            entries.add(e);
            if (mirror != null) {
                try {
                    mirror.write(JSON.writeValueAsString(e));
                    mirror.newLine();
                    mirror.flush();
                } catch (IOException ex) {
                    throw new UncheckedIOException("Cannot append to the history file of " + client, ex);
                }
            }
        }
    }

    /** Appends an entry as it is (for synthetic histories in tests). */
    public History add(Entry e) {
        synchronized (entries) {
            entries.add(e);
        }
        return this;
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Writes this history to {@code file} as JSON lines (the format {@link #read} reads), for a reader of a report. */
    public void writeTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file)) {
                for (Entry e : entries()) {
                    w.write(JSON.writeValueAsString(e));
                    w.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the history of " + client + " to " + file, e);
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
