package dev.switchboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of the architecture brief, checked: imports point down only, and the engine never sees JavaFX. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.switchboard");

    @Test
    void engineAndStoreNeverImportJavaFx() {
        noClasses().that().resideInAnyPackage("dev.switchboard.engine..", "dev.switchboard.store..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "eu.hansolo..", "org.controlsfx..")
                .check(CLASSES);
    }

    @Test
    void engineNeverCallsUpIntoConsoleCliOrHarness() {
        noClasses().that().resideInAnyPackage("dev.switchboard.engine..", "dev.switchboard.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.cli..",
                        "dev.switchboard.console..", "dev.switchboard.replay..", "dev.switchboard.workload..",
                        "dev.switchboard.gateway..")
                .check(CLASSES);
    }

    @Test
    void storeKnowsNothingOfTheEngine() {
        noClasses().that().resideInAPackage("dev.switchboard.store..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.engine..")
                .check(CLASSES);
    }
}
