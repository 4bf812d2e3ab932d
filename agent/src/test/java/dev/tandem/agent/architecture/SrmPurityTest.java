package dev.tandem.agent.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The SRM core and the matrix are pure (product.md): events in, state and commands out, time
 * passed in. These rules fail naming the class that brings I/O, threads or clocks inside.
 */
class SrmPurityTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tandem.agent.srm", "dev.tandem.agent.matrix", "dev.tandem.agent.whatif");

    @Test
    void coreDoesNoInputOutput() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "java.io..", "java.nio..", "java.net..", "java.sql..", "io.grpc..", "org.slf4j..",
                        "dev.tandem.proto..", "dev.tandem.agent.service..", "dev.tandem.agent.runtime..", "dev.tandem.agent.critical..",
                        "dev.tandem.agent.peer..",
                        "dev.tandem.agent.admin..", "dev.tandem.agent.statedb..", "dev.tandem.agent.presence..")
                .because("the SRM core is pure; I/O lives at the edges")
                .check(CORE);
    }

    @Test
    void coreReadsNoClockAndStartsNoThread() {
        noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.time..", "java.util.concurrent..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .because("time is passed in with each event, so tests run on a virtual clock")
                .check(CORE);
    }
}
