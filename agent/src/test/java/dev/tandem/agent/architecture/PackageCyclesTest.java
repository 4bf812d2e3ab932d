package dev.tandem.agent.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;


import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of the agent depends on itself through another (product.md: packages by
 * feature, no cycles). A failure names the packages of the cycle and the classes that make it.
 */
class PackageCyclesTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tandem.agent");

    @Test
    void agentPackagesAreFreeOfCycles() {
        slices().matching("dev.tandem.agent.(*)..").should().beFreeOfCycles()
                .because("a package cycle means neither side can be read or changed alone")
                .check(AGENT);
    }
}
