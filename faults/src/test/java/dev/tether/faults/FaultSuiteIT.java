package dev.tether.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.faults.report.Summary;
import dev.tether.faults.report.SummaryWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole fault suite against the server jar, as CI runs it ({@code ./mvnw verify}); {@code -Dfaults.soak=true}
 * for the long mode, {@code -Dfaults.seed=N} to repeat a run, {@code -Dfaults.only=server-kill,tabs} for some
 * scenarios. Fails with every anomaly the checker and the scenarios found.
 */
class FaultSuiteIT {
    @Test
    void everyHistoryMatchesTheStoreUnderEveryFault() throws Exception {
        boolean soak = Boolean.getBoolean("faults.soak");
        long seed = Long.getLong("faults.seed", System.currentTimeMillis());
        String only = System.getProperty("faults.only", "");
        Path jar = Path.of(System.getProperty("faults.jar", "../tether-cli/target/tether.jar")).toAbsolutePath();
        Path results = Path.of(System.getProperty("faults.results", "results")).toAbsolutePath();
        Path work = Path.of("target", "run-" + System.currentTimeMillis()).toAbsolutePath();
        List<String> names = only.isBlank() ? List.of() : Arrays.asList(only.split(","));
        Summary s = FaultSuite.run(new FaultSuite.Options(soak, seed, jar, results, work, names,
                "./mvnw verify" + (soak ? " -Dfaults.soak=true" : "") + " (seed " + seed + ")"));

        assertThat(s.anomalies()).as("the fault suite found %d anomalies (seed %d, see %s):%n%s", s.anomalies().size(),
                seed, results.resolve("latest.md"), SummaryWriter.anomalyLines(s.anomalies(), 40)).isEmpty();
    }
}
