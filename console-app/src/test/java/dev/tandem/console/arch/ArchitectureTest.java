package dev.tandem.console.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Layers the console keeps: view models are tested without a window, logging goes through slf4j,
 * packages form no cycle, and nothing reaches into the agent (the console talks to agents only
 * through the admin API's protos and the shared contract).
 */
@AnalyzeClasses(packages = "dev.tandem.console", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule viewModelsDoNotTouchControlsOrLayouts = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene.control..", "javafx.scene.layout..")
            .because("a view model is tested without a window; only its view builds controls");

    @ArchTest
    static final ArchRule noSystemOut = noClasses()
            .should().accessField(System.class, "out")
            .because("the console logs through slf4j; System.out is lost in a desktop program");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.tandem.console.(**)")
            .should().beFreeOfCycles()
            .because("packages by feature, each readable on its own (issue 8)");

    @ArchTest
    static final ArchRule noAgentClasses = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.agent..", "dev.tandem.tools..")
            .because("the console's compile classpath has no agent: the demo pair is found at run time through"
                    + " dev.tandem.contract.demo.DemoPairLauncher");
}
