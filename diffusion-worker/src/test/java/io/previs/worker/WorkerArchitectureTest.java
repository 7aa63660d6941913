package io.previs.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** No service imports another service's code: only the contracts, the service kit and libraries. */
@AnalyzeClasses(packages = "io.previs", importOptions = ImportOption.DoNotIncludeTests.class)
class WorkerArchitectureTest {

  @ArchTest
  static final ArchRule noOtherServiceCode =
      noClasses()
          .that()
          .resideInAPackage("io.previs.worker..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.previs.gateway..",
              "io.previs.encoder..",
              "io.previs.postprocess..",
              "io.previs.qc..",
              "io.previs.launcher..",
              "io.previs.localstack..");

  @ArchTest
  static final ArchRule renderingDoesNotKnowTheQueue =
      noClasses()
          .that()
          .resideInAnyPackage("io.previs.worker.render..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.previs.worker.shards..");
}
