/**
 * Editorial timelines from a sequence's chosen takes, for an NLE to open: {@link
 * io.previs.editorial.Otio} writes OpenTimelineIO JSON and {@link io.previs.editorial.Cmx3600} a
 * CMX 3600 EDL from a {@link io.previs.editorial.Cut}; {@link io.previs.editorial.OtioReader} and
 * {@link io.previs.editorial.Cmx3600Reader} read them back and check them, before a file is served
 * and in tests.
 *
 * <p>Carried: cuts (one video track, clips butt-joined in shot order, each at its own rate),
 * markers (QC findings, director notes) and, in OTIO only, metadata under "previs" (job, variant,
 * version, seed, QC verdict) and marker comments. Not carried: transitions, effects, speed changes
 * and audio. Previs takes are silent single-shot renders and the director picks takes, not
 * dissolves; editorial adds those in the NLE, where they belong. Anything beyond cuts would also be
 * the part NLEs import least alike, from OTIO and EDL both. DESIGN.md explains how mixed frame
 * rates are written.
 */
package io.previs.editorial;
