package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    @Test
    void logsGoToStderrWithThePatternAtWarnAndLibrariesStayQuiet() {
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        assertThat(setup.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(LogSetup.rootLevel(System.getenv("TETHER_LOG_LEVEL")));
        var appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(appender.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern()).isEqualTo(LogSetup.PATTERN);
        for (String quiet : new String[] {"org.flywaydb", "com.zaxxer.hikari", "org.eclipse.jetty", "dev.langchain4j"}) {
            assertThat(context.getLogger(quiet).getLevel()).as(quiet).isEqualTo(Level.WARN);
        }
    }

    @Test
    void theLevelComesFromTheEnvironmentAndABadValueFallsBackToWarn() {
        assertThat(LogSetup.rootLevel(null)).isEqualTo(Level.WARN);
        assertThat(LogSetup.rootLevel(" ")).isEqualTo(Level.WARN);
        assertThat(LogSetup.rootLevel("debug")).isEqualTo(Level.DEBUG);
        assertThat(LogSetup.rootLevel(" INFO ")).isEqualTo(Level.INFO);
        assertThat(LogSetup.rootLevel("loud")).isEqualTo(Level.WARN);
    }

    @Test
    void aUsersOwnLogbackFileWins() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/etc/tether/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            LogSetup setup = new LogSetup();
            setup.setContext(context);
            assertThat(setup.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }

    @Test
    void logbackFindsIt() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
                .contains(LogSetup.class.getName());
    }
}
