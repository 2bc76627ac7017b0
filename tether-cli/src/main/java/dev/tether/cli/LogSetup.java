package dev.tether.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Tether's logging set-up, in code rather than a {@code logback.xml}: logback's XML reader (Joran) loads some
 * 280 classes, about 1.5 MiB of a server's memory, to read six lines. Logs go to stderr so stdout stays clean
 * for replies; {@code TETHER_LOG_LEVEL} sets the level (default WARN; {@code --verbose} lowers it to INFO).
 * Anyone who wants a logback file still can: with {@code -Dlogback.configurationFile=FILE} this steps aside
 * and logback reads the file as usual. Found by logback through {@code META-INF/services}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
    /** Libraries that are chatty at INFO: WARN even when Tether itself logs at INFO. */
    static final Map<String, Level> QUIET = Map.of("org.flywaydb", Level.WARN, "com.zaxxer.hikari", Level.WARN,
            "org.eclipse.jetty", Level.WARN, "dev.langchain4j", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // the user's own file wins
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel(System.getenv("TETHER_LOG_LEVEL")));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The root level from {@code TETHER_LOG_LEVEL}: a logback level name, WARN if unset or not a level. */
    static Level rootLevel(String value) {
        return value == null || value.isBlank() ? Level.WARN : Level.toLevel(value.strip(), Level.WARN);
    }
}
