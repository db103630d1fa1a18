package dev.switchboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.switchboard.console.MainController;
import org.junit.jupiter.api.Test;

/**
 * The layering of the architecture brief, checked: imports point down only, the engine never sees JavaFX, and no
 * package depends on itself through others.
 */
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

    /**
     * The gateway's keys sit just above the engine: the gateway, the CLI and the console use them; they use only the
     * store and the engine's config, never the gateway itself (which would make the HTTP server a dependency of the
     * CLI) nor anything with a screen.
     */
    @Test
    void gatewayKeysSitJustAboveTheEngine() {
        noClasses().that().resideInAPackage("dev.switchboard.gateway.keys..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.switchboard.cli..",
                        "dev.switchboard.console..", "dev.switchboard.gateway", "dev.switchboard.crm..",
                        "dev.switchboard.report..", "dev.switchboard.replay..", "dev.switchboard.workload..")
                .check(CLASSES);
    }

    /**
     * No package cycles anywhere. One exception, named: the main window's controller reaches into tabs'
     * controllers for the window-wide shortcuts (Ctrl+R runs the cost report, Ctrl+O opens a workload), the command
     * palette and the dashboard's tiles (a model's breaker, a user's spend) and the remembered workload, and to
     * reload a tab as it is shown (Costs, Keys), while every tab uses the console's shared services; the window is
     * where the two meet.
     */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.switchboard.(**)").should().beFreeOfCycles()
                .ignoreDependency(JavaClass.Predicates.equivalentTo(MainController.class),
                        JavaClass.Predicates.resideInAPackage("dev.switchboard.console.*"))
                .check(CLASSES);
    }

    /** The engine's packages on their own, with no exception at all. */
    @Test
    void enginePackagesAreFreeOfCycles() {
        slices().matching("dev.switchboard.engine.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * The gateway's wire formats are pure translation: they see the engine's request model, config and errors, and
     * the shared wire package, never the server above them, the engine's machinery, or each other.
     */
    @Test
    void wireFormatsAreTranslationOnly() {
        classes().that().resideInAnyPackage("dev.switchboard.gateway.wire..", "dev.switchboard.gateway.openai..",
                        "dev.switchboard.gateway.anthropic..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..",
                        "dev.switchboard.engine.request..", "dev.switchboard.engine.config..",
                        "dev.switchboard.engine.error..", "dev.switchboard.gateway.wire..",
                        "dev.switchboard.gateway.openai..", "dev.switchboard.gateway.anthropic..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.switchboard.gateway.openai..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.gateway.anthropic..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.switchboard.gateway.anthropic..")
                .should().dependOnClassesThat().resideInAPackage("dev.switchboard.gateway.openai..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.switchboard.gateway.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.gateway.openai..",
                        "dev.switchboard.gateway.anthropic..", "dev.switchboard.engine..")
                .check(CLASSES);
    }
}
