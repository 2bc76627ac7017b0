package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class NativeHeapTest {
    @Test
    @EnabledOnOs(OS.LINUX)
    void trimsThroughTheJdksDiagnosticCommandAndReportsWhatItGaveBack() {
        // the command exists on glibc Linux (the servers we run on); a wrong operation name or signature would
        // make trim() empty, and the start-up memory would silently stay resident
        assertThat(NativeHeap.prepare().trim()).hasValueSatisfying(r -> assertThat(r).startsWith("Trim native heap"));
    }
}
