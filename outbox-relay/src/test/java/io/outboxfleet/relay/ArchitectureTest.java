package io.outboxfleet.relay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The relay is domain-agnostic: adding an event type or a business table never touches it. */
class ArchitectureTest {

    private static final String DOMAIN_NAMES =
            ".*(Order|Product|Document|Payment|Customer|Webhook)[^.]*";
    private static final JavaClasses RELAY =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.outboxfleet.relay");

    @Test
    void noRelayClassIsNamedAfterTheDomain() {
        noClasses()
                .should()
                .haveNameMatching("io\\.outboxfleet\\.relay\\." + DOMAIN_NAMES)
                .check(RELAY);
    }

    @Test
    void noRelayClassUsesDomainTypes() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .haveNameMatching("io\\.outboxfleet\\." + DOMAIN_NAMES)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("io.outboxfleet.command..", "io.outboxfleet.workers..")
                .check(RELAY);
    }

    @Test
    void noRelayPackageIsNamedAfterTheDomain() {
        noClasses()
                .should()
                .resideInAnyPackage("..order..", "..product..", "..document..")
                .check(RELAY);
    }
}
