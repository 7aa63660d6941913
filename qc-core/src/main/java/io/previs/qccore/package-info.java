/**
 * Clip QC: checks generated (or any) video for broken frames and returns a {@link
 * io.previs.qccore.report.QcReport} with one finding per problem and a verdict per clip.
 *
 * <p>Entry points: {@link io.previs.qccore.ClipQc} (file, stream, or pushed frames through {@link
 * io.previs.qccore.QcSession}), configured by {@link io.previs.qccore.config.QcConfig} and studio
 * profiles ({@link io.previs.qccore.config.QcProfiles}); the report's JSON form is {@link
 * io.previs.qccore.report.ReportJson}; the command line is {@link io.previs.qccore.cli.QcCommand}.
 * Detectors live in {@code similarity}, {@code flow} and {@code face}; docs/QC.md describes each
 * check and threshold.
 */
package io.previs.qccore;
