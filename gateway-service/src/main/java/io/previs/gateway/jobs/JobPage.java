package io.previs.gateway.jobs;

import java.util.List;

/**
 * One page of jobs, newest first.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record JobPage(List<JobView> jobs, String nextCursor) {}
