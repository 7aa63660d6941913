package io.previs.media;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pins what may depend on what inside media-core (features first, the pipeline on top). */
class ArchitectureTest {

  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.previs.media");
  }

  @Test
  void onlyThePipelineComposesTheFeatures() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..pipeline..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.previs.media.pipeline..")
        .check(classes);
  }

  @Test
  void framesDependOnNoOtherFeature() {
    noClasses()
        .that()
        .resideInAPackage("..frames..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.previs.media.color..",
            "io.previs.media.sr..",
            "io.previs.media.encode..",
            "io.previs.media.sheet..",
            "io.previs.media.animatic..")
        .check(classes);
  }

  @Test
  void theAnimaticIsAnEndProductNothingElseBuildsOn() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..animatic..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.previs.media.animatic..")
        .check(classes);
  }

  @Test
  void colourIsIndependentOfEncodingAndUpscaling() {
    noClasses()
        .that()
        .resideInAPackage("..color..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.previs.media.sr..", "io.previs.media.encode..", "org.bytedeco..")
        .check(classes);
  }
}
