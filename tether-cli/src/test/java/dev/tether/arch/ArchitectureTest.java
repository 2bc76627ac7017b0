package dev.tether.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module boundaries of house-style.md, checked rather than hoped for. */
class ArchitectureTest {
    private static JavaClasses tether;

    @BeforeAll
    static void importClasses() {
        tether = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("testkit"))
                .importPackages("dev.tether");
    }

    @Test
    void thePluginApiDependsOnNothingButTheJdkAndJackson() {
        classes().that().resideInAPackage("dev.tether.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.tether.api..", "java..",
                        "com.fasterxml.jackson..")
                .check(tether);
    }

    @Test
    void providersDependOnlyOnTheModelInterface() {
        noClasses().that().resideInAnyPackage("dev.tether.model.openai..", "dev.tether.model.anthropic..",
                        "dev.tether.model.langchain4j..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tether.agent..", "dev.tether.store..",
                        "dev.tether.config..", "dev.tether.app..", "dev.tether.cli..", "dev.tether.tools..")
                .check(tether);
    }

    @Test
    void builtInToolsUseOnlyThePluginApi() {
        noClasses().that().resideInAPackage("dev.tether.tools..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tether.agent..", "dev.tether.store..",
                        "dev.tether.config..", "dev.tether.app..", "dev.tether.model..")
                .check(tether);
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackages("dev.tether.app..", "dev.tether.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tether.app..", "dev.tether.cli..")
                .check(tether);
    }

    @Test
    void storesDoNotKnowTheAgent() {
        noClasses().that().resideInAPackage("dev.tether.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tether.agent..", "dev.tether.config..",
                        "dev.tether.model..")
                .check(tether);
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching("dev.tether.(*)..").should().beFreeOfCycles().check(tether);
    }
}
