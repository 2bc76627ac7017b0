package dev.tether.cli;

import dev.tether.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations on the command line in the config's format ("500ms", "30s", "5m"). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
