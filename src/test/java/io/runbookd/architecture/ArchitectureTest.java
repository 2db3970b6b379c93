package io.runbookd.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package map of docs/architecture.md, held by the build. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.runbookd");
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("io.runbookd.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void onlyTheEntryPointSeesTheCompositionRoot() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.runbookd.server..", "io.runbookd.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.runbookd.server..")
        .check(classes);
  }

  @Test
  void valuesDependOnNothingButValues() {
    noClasses()
        .that()
        .resideInAnyPackage("io.runbookd.alert..", "io.runbookd.incident..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.runbookd.config..",
            "io.runbookd.rules..",
            "io.runbookd.ingest..",
            "io.runbookd.store..",
            "io.runbookd.api..",
            "io.runbookd.cli..")
        .check(classes);
  }

  @Test
  void intakeAndStoreDoNotKnowRulesOrTheApi() {
    noClasses()
        .that()
        .resideInAnyPackage("io.runbookd.ingest..", "io.runbookd.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.runbookd.rules..", "io.runbookd.api..", "io.runbookd.cli..")
        .check(classes);
  }

  @Test
  void pluginsNeverSeeTheEngine() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.runbookd.plugin..",
            "io.runbookd.probes..",
            "io.runbookd.actions..",
            "io.runbookd.escalation.pagers..",
            "io.runbookd.k8s..",
            "io.runbookd.sql..",
            "io.runbookd.http..",
            "io.runbookd.mlflow..",
            "io.runbookd.aws..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.runbookd.engine..",
            "io.runbookd.guard..",
            "io.runbookd.rules..",
            "io.runbookd.ingest..",
            "io.runbookd.store..",
            "io.runbookd.api..",
            "io.runbookd.cli..")
        .check(classes);
  }

  @Test
  void escalationPagesWithoutTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("io.runbookd.escalation..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.runbookd.engine..", "io.runbookd.guard..", "io.runbookd.rules..",
            "io.runbookd.ingest..", "io.runbookd.api..", "io.runbookd.cli..")
        .check(classes);
  }

  /** Only the store sees JDBC, with the SQL plugins for the databases they target. */
  @Test
  void onlyTheStoreAndTheSqlPluginsSeeJdbc() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.runbookd.store..", "io.runbookd.sql..", "io.runbookd.probes.sql..",
            "io.runbookd.actions.sql..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..", "org.postgresql..", "com.zaxxer..",
            "org.flywaydb..")
        .check(classes);
  }

  @Test
  void onlyTheMetricsPackageSeesMicrometer() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.runbookd.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micrometer..")
        .check(classes);
  }

  /** The console and Slack decide only through the API's decisions, never around them. */
  @Test
  void peoplesDoorsDecideOnlyThroughTheApi() {
    noClasses()
        .that()
        .resideInAnyPackage("io.runbookd.console..", "io.runbookd.slack..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.runbookd.engine..", "io.runbookd.guard..", "io.runbookd.ingest..",
            "io.runbookd.cli..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("io.runbookd.slack..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.runbookd.store..", "io.runbookd.console..")
        .check(classes);
  }

  @Test
  void guardsDecideWithoutTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("io.runbookd.guard..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.runbookd.engine..", "io.runbookd.api..", "io.runbookd.ingest..")
        .check(classes);
  }

  @Test
  void silencesKeepToTheStoreAndAlertmanagerWithoutTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("io.runbookd.silence..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.runbookd.engine..", "io.runbookd.guard..", "io.runbookd.escalation..",
            "io.runbookd.ingest..", "io.runbookd.api..", "io.runbookd.cli..")
        .check(classes);
  }

  @Test
  void schedulesArePureTimeArithmetic() {
    ArchRuleDefinition.classes()
        .that()
        .resideInAPackage("io.runbookd.schedule..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.runbookd.schedule..", "java..")
        .check(classes);
  }

  @Test
  void rulesDoNotKnowIntakeStoreOrApi() {
    noClasses()
        .that()
        .resideInAPackage("io.runbookd.rules..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.runbookd.ingest..", "io.runbookd.store..", "io.runbookd.api..")
        .check(classes);
  }

  /** Redaction reads plugin descriptions only, so every package that records may use it. */
  @Test
  void redactionKnowsOnlyPluginDescriptions() {
    ArchRuleDefinition.classes()
        .that()
        .resideInAPackage("io.runbookd.redact..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.runbookd.redact..", "io.runbookd.plugin..", "java..")
        .check(classes);
  }

  @Test
  void forecastsArePureArithmetic() {
    noClasses()
        .that()
        .resideInAPackage("io.runbookd.forecast..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.runbookd.forecast..", "java..", "org.apache.commons.math3..")
        .check(classes);
  }

  @Test
  void reportsKnowOnlyForecasts() {
    noClasses()
        .that()
        .resideInAPackage("io.runbookd.report..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "io.runbookd.report..", "io.runbookd.forecast..", "java..", "javax..", "org.jfree..")
        .check(classes);
  }

  @Test
  void chartAndStatisticsLibrariesStayInTheirPackages() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.runbookd.report..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.jfree..")
        .check(classes);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.runbookd.forecast..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.commons.math3..")
        .check(classes);
  }
}
