package io.previs.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What the gateway may depend on: its own code, the contracts and the service kit. */
@AnalyzeClasses(packages = "io.previs", importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayArchitectureTest {

  @ArchTest
  static final ArchRule noOtherServiceCode =
      noClasses()
          .that()
          .resideInAPackage("io.previs.gateway..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.previs.encoder..",
              "io.previs.worker..",
              "io.previs.postprocess..",
              "io.previs.qc..",
              "io.previs.launcher..",
              "io.previs.localstack..",
              "io.previs.diffusion..",
              "io.previs.media..",
              "io.previs.qccore..");

  @ArchTest
  static final ArchRule featuresDoNotKnowTheWebLayer =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.previs.gateway.intake..",
              "io.previs.gateway.jobs..",
              "io.previs.gateway.reviews..",
              "io.previs.gateway.versions..",
              "io.previs.gateway.input..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.previs.gateway.web..");

  @ArchTest
  static final ArchRule jobStateKnowsNoOtherFeature =
      noClasses()
          .that()
          .resideInAPackage("io.previs.gateway.jobs..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.previs.gateway.intake..",
              "io.previs.gateway.reviews..",
              "io.previs.gateway.versions..");

  @ArchTest
  static final ArchRule intakeKnowsNothingOfReviews =
      noClasses()
          .that()
          .resideInAPackage("io.previs.gateway.intake..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.previs.gateway.reviews..", "io.previs.gateway.versions..");

  /** A rejection with edits (versions) uses reviews and intake; reviews use neither. */
  @ArchTest
  static final ArchRule reviewsKnowNothingOfVersions =
      noClasses()
          .that()
          .resideInAPackage("io.previs.gateway.reviews..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.previs.gateway.versions..");

  @ArchTest
  static final ArchRule reviewsKnowNothingOfIntake =
      noClasses()
          .that()
          .resideInAPackage("io.previs.gateway.reviews..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.previs.gateway.intake..");

  @ArchTest
  static final ArchRule inputIsTheBottomLayer =
      noClasses()
          .that()
          .resideInAPackage("io.previs.gateway.input..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.previs.gateway.intake..",
              "io.previs.gateway.jobs..",
              "io.previs.gateway.reviews..");

  /**
   * Tenant scoping happens in one place: outside the job state itself, only intake (which must see
   * every job to decide on duplicates) may look a job up by id without going through StudioScope.
   */
  @ArchTest
  static final ArchRule jobsAreReadThroughTheStudioScope =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.previs.gateway.jobs..", "io.previs.gateway.intake..")
          .should()
          .callMethod(io.previs.gateway.jobs.JobProjection.class, "find", String.class)
          .orShould()
          .callMethod(io.previs.gateway.jobs.JobProjection.class, "findFresh", String.class)
          .orShould()
          .callMethod(io.previs.gateway.jobs.JobProjection.class, "events", String.class);
}
