package dev.tether.faults.scenario;

import dev.tether.faults.check.Anomaly;
import dev.tether.faults.client.ChatClient;
import dev.tether.faults.history.History;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** What one scenario did: its conversations, clients, faults injected, timings, and failed expectations. */
public final class ScenarioRecord {
    final Scenario scenario;
    final List<String> conversations = new CopyOnWriteArrayList<>();
    final List<ChatClient> clients = new CopyOnWriteArrayList<>();
    final List<History> extraHistories = new CopyOnWriteArrayList<>();
    final List<Anomaly> anomalies = new CopyOnWriteArrayList<>();
    final List<Double> deadPeerMillis = new CopyOnWriteArrayList<>();
    final List<String> notes = new CopyOnWriteArrayList<>();
    final AtomicLong faults = new AtomicLong();
    long durationMillis;
    /** Whether the end-of-scenario settle already ran. */
    boolean settled;

    ScenarioRecord(Scenario scenario) {
        this.scenario = scenario;
    }

    public String name() {
        return scenario.name();
    }

    public String description() {
        return scenario.description();
    }

    public List<String> conversations() {
        return List.copyOf(conversations);
    }

    public List<History> histories() {
        List<History> all = new ArrayList<>();
        clients.forEach(c -> all.add(c.history()));
        all.addAll(extraHistories);
        return all;
    }

    public List<Anomaly> anomalies() {
        return List.copyOf(anomalies);
    }

    public long faults() {
        return faults.get();
    }

    public List<Double> deadPeerMillis() {
        return List.copyOf(deadPeerMillis);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public long durationMillis() {
        return durationMillis;
    }

    public int clientCount() {
        return clients.size() + extraHistories.size();
    }
}
