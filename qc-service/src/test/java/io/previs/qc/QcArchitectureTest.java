package io.previs.qc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** No service imports another service's code: only the contracts, the service kit and libraries. */
@AnalyzeClasses(packages = "io.previs", importOptions = ImportOption.DoNotIncludeTests.class)
class QcArchitectureTest {

  @ArchTest
  static final ArchRule noOtherServiceCode =
      noClasses()
          .that()
          .resideInAPackage("io.previs.qc..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.previs.gateway..",
              "io.previs.encoder..",
              "io.previs.worker..",
              "io.previs.postprocess..",
              "io.previs.launcher..",
              "io.previs.localstack..");

  @ArchTest
  static final ArchRule completionDoesNotKnowReview =
      noClasses()
          .that()
          .resideInAPackage("io.previs.qc.completion..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.previs.qc.review..");
}
