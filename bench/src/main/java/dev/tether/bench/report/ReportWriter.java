package dev.tether.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a run as JSON and as a Markdown table: {@code latest.*} and a timestamped copy of each. */
public final class ReportWriter {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ObjectNode toJson(ObjectNode run, List<ScenarioResult> results) {
        ObjectNode root = run.deepCopy();
        ArrayNode scenarios = root.putArray("scenarios");
        for (ScenarioResult r : results) {
            ObjectNode s = scenarios.addObject().put("name", r.name()).put("title", r.title())
                    .put("seconds", Math.round(r.seconds() * 10) / 10.0);
            ArrayNode metrics = s.putArray("metrics");
            for (Metric m : r.metrics()) {
                ObjectNode mo = metrics.addObject().put("name", m.name()).put("value", m.value()).put("unit", m.unit());
                if (!m.target().isEmpty()) {
                    mo.put("target", m.target());
                }
                m.met().ifPresent(v -> mo.put("met", v));
            }
            s.set("details", r.details());
            ArrayNode notes = s.putArray("notes");
            r.notes().forEach(notes::add);
        }
        return root;
    }

    public String toMarkdown(ObjectNode run, List<ScenarioResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("# Tether benchmark results\n\n");
        md.append("- When: ").append(run.path("startedAt").asText()).append(" (").append(run.path("mode").asText())
                .append(" mode, ").append(Format.number(run.path("seconds").asDouble())).append(" s)\n");
        md.append("- Command: `").append(run.path("command").asText()).append("`\n");
        ObjectNode m = (ObjectNode) run.path("machine");
        md.append("- Machine: ").append(m.path("cores").asInt()).append(" cores (").append(m.path("cpu").asText())
                .append("), ").append(Format.number(m.path("memoryGiB").asDouble())).append(" GiB RAM, Linux ")
                .append(m.path("kernel").asText()).append(", open-file limit ").append(m.path("openFileLimit").asText())
                .append('\n');
        md.append("- Server JDK: ").append(m.path("serverJdk").asText()).append("; JVM options: ")
                .append(m.path("serverJvmOptions").asText()).append('\n');
        md.append("- Load generator JDK: ").append(m.path("generatorJdk").asText())
                .append(" (separate process; shares the cores with the server)\n\n");
        md.append("| scenario | metric | value | target | met |\n|---|---|---|---|---|\n");
        for (ScenarioResult r : results) {
            for (Metric x : r.metrics()) {
                md.append("| ").append(r.name()).append(" | ").append(x.name()).append(" | ")
                        .append(Format.number(x.value())).append(' ').append(x.unit()).append(" | ")
                        .append(x.target()).append(" | ")
                        .append(x.met().map(v -> v ? "yes" : "**NO**").orElse("")).append(" |\n");
            }
        }
        md.append('\n');
        for (ScenarioResult r : results) {
            if (r.notes().isEmpty()) {
                continue;
            }
            md.append("## ").append(r.title()).append(" (").append(r.name()).append(", ")
                    .append(Format.number(r.seconds())).append(" s)\n\n");
            r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        md.append("Full figures: `latest.json` (same folder).\n");
        return md.toString();
    }

    /** Writes {@code latest.json}, {@code latest.md} and {@code <stamp>.json}, {@code <stamp>.md} to {@code dir}. */
    public void write(Path dir, String stamp, ObjectNode run, List<ScenarioResult> results) throws IOException {
        Files.createDirectories(dir);
        String j = json.writeValueAsString(toJson(run, results)) + "\n";
        String md = toMarkdown(run, results);
        Files.writeString(dir.resolve("latest.json"), j);
        Files.writeString(dir.resolve("latest.md"), md);
        Files.writeString(dir.resolve(stamp + ".json"), j);
        Files.writeString(dir.resolve(stamp + ".md"), md);
    }
}
