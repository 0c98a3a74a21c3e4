package io.outboxfleet.workers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
        packages = "io.outboxfleet.workers",
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule workersNeverImportCommandServiceCode =
            noClasses()
                    .that()
                    .resideInAPackage("io.outboxfleet.workers..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.outboxfleet.command..");

    @ArchTest
    static final ArchRule workersNeverImportRelayCode =
            noClasses()
                    .that()
                    .resideInAPackage("io.outboxfleet.workers..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.outboxfleet.relay..");

    @ArchTest
    static final ArchRule emailIsIndependentOfTheOtherEffects =
            independent("email", "crm", "webhook");

    @ArchTest
    static final ArchRule crmIsIndependentOfTheOtherEffects =
            independent("crm", "email", "webhook");

    @ArchTest
    static final ArchRule webhooksAreIndependentOfTheOtherEffects =
            independent("webhook", "email", "crm");

    @ArchTest
    static final ArchRule theEffectMachineryKnowsNoConcreteEffect =
            noClasses()
                    .that()
                    .resideInAnyPackage("..workers.effect..", "..workers.event..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "..workers.email..", "..workers.crm..", "..workers.webhook..");

    /**
     * Effects are declared by their features: the machinery creates none (no closed list of effects
     * inside it), so adding an effect touches only a new feature package and its configuration.
     */
    @ArchTest
    static final ArchRule theMachineryDeclaresNoEffect =
            noClasses()
                    .that()
                    .resideInAnyPackage("..workers.effect..", "..workers.event..")
                    .and()
                    .doNotHaveFullyQualifiedName(
                            io.outboxfleet.workers.effect.Effect.class.getName())
                    .should()
                    .callConstructor(
                            io.outboxfleet.workers.effect.Effect.class,
                            String.class,
                            String.class,
                            java.util.List.class)
                    .orShould()
                    .callMethod(
                            io.outboxfleet.workers.effect.Effect.class,
                            "of",
                            String.class,
                            java.util.List.class);

    /** The effect SPI (Effect, EffectHandler, EffectTarget, EffectFailure) knows no machinery. */
    @ArchTest
    static final ArchRule theEffectSpiKnowsNoMachinery =
            noClasses()
                    .that()
                    .resideInAPackage("io.outboxfleet.workers.effect")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "..workers.effect.intake..",
                            "..workers.effect.delivery..",
                            "..workers.effect.deadletter..");

    /** A feature uses the SPI only: it cannot reach into intake, delivery or the dead letters. */
    @ArchTest
    static final ArchRule featuresUseOnlyTheEffectSpi =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "..workers.email..", "..workers.crm..", "..workers.webhook..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "..workers.effect.intake..",
                            "..workers.effect.delivery..",
                            "..workers.effect.deadletter..");

    private static ArchRule independent(String feature, String... others) {
        String[] packages =
                java.util.Arrays.stream(others)
                        .map(o -> "io.outboxfleet.workers." + o + "..")
                        .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage("io.outboxfleet.workers." + feature + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages);
    }
}
