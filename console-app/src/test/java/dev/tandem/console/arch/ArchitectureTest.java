package dev.tandem.console.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Layers the console keeps: view models are tested without a window, and logging goes through slf4j. */
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
}
