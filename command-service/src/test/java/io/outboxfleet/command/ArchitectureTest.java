package io.outboxfleet.command;

import static com.tngtech.archunit.lang.conditions.ArchConditions.have;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** The boundaries of the command-service, checked on the compiled main classes. */
class ArchitectureTest {

    private static final String BASE = "io.outboxfleet.command";
    private static final String[] FEATURES = {
        "product", "order", "webhookendpoint", "document", "audit", "report"
    };

    private final JavaClasses classes =
            new ClassFileImporter()
                    // by folder name, so builds into another folder (-Dfleet.buildDir) leave tests
                    // out too
                    .withImportOption(location -> !location.contains("/test-classes/"))
                    .importPackages(BASE);

    @Test
    void featuresDoNotDependOnEachOther() {
        for (String feature : FEATURES) {
            for (String other : FEATURES) {
                if (!feature.equals(other)) {
                    noClasses()
                            .that()
                            .resideInAPackage(BASE + "." + feature + "..")
                            .should()
                            .dependOnClassesThat()
                            .resideInAPackage(BASE + "." + other + "..")
                            .check(classes);
                }
            }
        }
    }

    @Test
    void sharedWebAndSecurityCodeKnowsNoFeature() {
        for (String feature : FEATURES) {
            noClasses()
                    .that()
                    .resideInAnyPackage(BASE + ".web..", BASE + ".security..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(BASE + "." + feature + "..")
                    .check(classes);
        }
    }

    /**
     * One refusal type, mapped once: features throw {@code web.ApiProblem} and declare no
     * exceptions of their own; nothing but {@code ProblemAdvice} turns it into an answer.
     */
    @Test
    void refusalsAreOneTypeMappedInOnePlace() {
        noClasses()
                .that()
                .resideOutsideOfPackage(BASE + ".web..")
                .should()
                .beAssignableTo(Throwable.class)
                .check(classes);
        methods()
                .that()
                .areAnnotatedWith(ExceptionHandler.class)
                .should()
                .beDeclaredIn(BASE + ".web.ProblemAdvice")
                .check(classes);
        noCodeUnits().should(CATCH_A_REFUSAL).check(classes);
    }

    private static final ArchCondition<JavaCodeUnit> CATCH_A_REFUSAL =
            new ArchCondition<>("catch " + BASE + ".web.ApiProblem") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    unit.getTryCatchBlocks().stream()
                            .filter(
                                    block ->
                                            block.getCaughtThrowables().stream()
                                                    .anyMatch(
                                                            caught ->
                                                                    caught.isAssignableTo(
                                                                            BASE
                                                                                    + ".web.ApiProblem")))
                            .forEach(
                                    block ->
                                            events.add(
                                                    SimpleConditionEvent.satisfied(
                                                            block,
                                                            block.getOwner().getFullName()
                                                                    + " catches a refusal at "
                                                                    + block
                                                                            .getSourceCodeLocation())));
                }
            };

    @Test
    void onlyTheOrderRepositoryReachesTheOutbox() {
        // the outbox is written by write_outbox_event (R__outbox_writer.sql, checked by the db
        // module's OutboxWriterTest); nothing in Java names the table
        noClasses().should(have(containingText("outbox_events"))).check(classes);
        classes()
                .that(containingText("create_order_transaction"))
                .should()
                .haveFullyQualifiedName(BASE + ".order.OrderRepository")
                .check(classes);
        classes()
                .that()
                .haveFullyQualifiedName(BASE + ".order.OrderRepository")
                .should(have(containingText("create_order_transaction")))
                .check(classes);
    }

    @Test
    void onlyRepositoriesTalkToTheDatabase() {
        noClasses()
                .that()
                .haveSimpleNameNotEndingWith("Repository")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework.jdbc..")
                .check(classes);
    }

    /** Classes whose constant pool holds the text, as their SQL text blocks do. */
    private static DescribedPredicate<JavaClass> containingText(String text) {
        return DescribedPredicate.describe(
                "containing the text '" + text + "'",
                javaClass -> classBytes(javaClass).contains(text));
    }

    private static String classBytes(JavaClass javaClass) {
        String resource = javaClass.getName().replace('.', '/') + ".class";
        try (InputStream in =
                ArchitectureTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
