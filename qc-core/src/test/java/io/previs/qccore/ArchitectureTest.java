package io.previs.qccore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** What may depend on what inside qc-core. */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.previs.qccore");

  @Test
  void theReportAndConfigurationNeedNoNativeCode() {
    // the service, dashboards and other consumers read reports and profiles without OpenCV
    noClasses()
        .that()
        .resideInAnyPackage("io.previs.qccore.report..", "io.previs.qccore.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.bytedeco..")
        .check(CLASSES);
  }

  @Test
  void detectorsDoNotReachBackIntoTheEntryPoints() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.previs.qccore.similarity..",
            "io.previs.qccore.flow..",
            "io.previs.qccore.face..",
            "io.previs.qccore.video..",
            "io.previs.qccore.stats..",
            "io.previs.qccore.report..",
            "io.previs.qccore.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.previs.qccore", "io.previs.qccore.cli..")
        .check(CLASSES);
  }

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("io.previs.qccore.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
