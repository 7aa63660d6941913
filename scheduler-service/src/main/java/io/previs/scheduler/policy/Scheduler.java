package io.previs.scheduler.policy;

import io.previs.contracts.job.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduling policy: which shard a free GPU takes next, when a running shard must make way, and
 * what a command does to a job's shards. Plain Java with the time passed in, so the service, the
 * unit tests and the discrete-event benchmark drive the same code. DESIGN.md beside this class
 * gives the reasoning; in short:
 *
 * <ol>
 *   <li>a free GPU takes work from the highest priority class that has any it can run;
 *   <li>within a class, the eligible studio with the least virtual time (GPU-seconds charged ÷
 *       weight) goes first, a studio that was idle re-entering at the class's clock so idleness
 *       earns no credit;
 *   <li>within a studio and class, arrival order;
 *   <li>a studio at its GPU cap or out of budget is skipped (its running shards finish);
 *   <li>faster pools are filled first; a shard goes only to a pool with enough GPU memory.
 * </ol>
 *
 * <p>Inputs change the state and may queue decisions (a cancel queues stops); {@link #decide} adds
 * the dispatches and preemptions that the state now calls for and hands everything over.
 */
public final class Scheduler {

  private static final int CLASSES = Priority.values().length;

  final PolicySettings settings;
  final Backlog backlog = new Backlog();
  final Pools pools = new Pools();
  final CostModel costs;
  final Map<String, Shard> shards = new HashMap<>();
  final Map<String, Job> jobs = new HashMap<>();
  final Map<String, StudioAccount> studios = new HashMap<>();

  /** Shards holding a GPU (dispatched or running). */
  final Map<String, Shard> holding = new HashMap<>();

  /** Per class, the virtual time of the last studio served: where an idle studio re-enters. */
  final double[] classClock = new double[CLASSES];

  final Set<String> dirty = new HashSet<>();
  long nextSeq;

  private final List<Decision> outbox = new ArrayList<>();
  private final List<String> lost = new ArrayList<>();

  /** When an input last came in, and when inputs came back after a silence (not persisted). */
  private Instant lastInput;

  private Instant inputResumedAt;

  public Scheduler(PolicySettings settings) {
    this.settings = settings;
    this.costs = new CostModel(settings.defaultSecondsPerUnit());
  }

  // --- inputs -----------------------------------------------------------------------------

  /** A shard to run. Returns false for a shard already known (a redelivered submission). */
  public boolean submit(Demand d, Priority priority, Instant now) {
    if (shards.containsKey(d.shardId())) {
      return false;
    }
    Job job = job(d.jobId(), d.studio(), priority, now);
    if (!job.prioritySet) {
      job.priority = priority;
    }
    Shard s = new Shard(d, nextSeq++, job.priority);
    if (job.cancelled()) {
      return true; // its job is gone: the shard is cancelled on arrival
    }
    shards.put(d.shardId(), s);
    job.shards.put(d.shardId(), s);
    touch(s);
    if (job.paused) {
      s.status = ShardStatus.PAUSED;
    } else {
      enqueue(s);
    }
    return true;
  }

  /**
   * A worker's heartbeat: its pool, and whether it is draining (takes no new work). Returns true
   * when the pool's capacity changed (a worker joined, or started or stopped draining).
   */
  public boolean worker(String worker, PoolSpec pool, boolean draining, Instant now) {
    return pools.seen(worker, pool, draining, now);
  }

  public void workerGone(String worker) {
    pools.gone(worker);
  }

  /** A worker reports it started the shard (a first delivery, or a redelivery after a loss). */
  public void started(String shardId, String jobId, String worker, String pool, Instant now) {
    started(shardId, jobId, worker, pool, false, now);
  }

  /**
   * A worker reports it took the shard ({@code inHand}: it waits behind the shard on that worker's
   * GPU) or started it.
   */
  public void started(
      String shardId, String jobId, String worker, String pool, boolean inHand, Instant now) {
    Shard s = shards.get(shardId);
    if (s == null) {
      Job job = jobs.get(jobId);
      if (job != null && job.cancelled()) {
        // A stale copy of a shard of a cancelled job: it must not run.
        outbox.add(
            new Decision.Stop(shardId, jobId, worker, StopReason.CANCEL, "its job is cancelled"));
      }
      return;
    }
    touch(s);
    if (s.status == ShardStatus.PENDING || s.status == ShardStatus.PAUSED) {
      // A copy of a shard the scheduler had taken back (a stale record): it now holds a GPU.
      backlog.remove(s);
      hold(s, pools.specOrUnknown(pool), now);
      Job job = jobs.get(s.demand.jobId());
      if (job.paused) {
        stop(s, StopReason.PAUSE, "its job is paused");
      }
    }
    s.status = ShardStatus.RUNNING;
    if (!worker.equals(s.worker)) {
      s.startedAt = now;
    }
    s.worker = worker;
    s.inHand = inHand;
    if (s.stopping != null) {
      // Asked to stop before any worker had it: tell the one that has it now.
      outbox.add(
          new Decision.Stop(
              shardId, s.demand.jobId(), worker, s.stopping, "stop requested before it started"));
    }
  }

  /**
   * The worker is done (or nearly, within its prefetch lead) with the shard on its GPU: the GPU is
   * free for the next shard while the shard's frames are stored. The shard stays held by the worker
   * — lost with it, finished by its finished report — and stays its studio's until then: a studio
   * at its GPU cap gets no second shard for it, and what it has cost so far ({@code billedSeconds})
   * is billed now, so a studio past its budget starts nothing more.
   */
  public void finishing(String shardId, String worker, double billedSeconds, Instant now) {
    Shard s = shards.get(shardId);
    if (s == null || s.status != ShardStatus.RUNNING || !worker.equals(s.worker)) {
      return;
    }
    bill(s, billedSeconds, now);
    pools.release(s.pool);
    s.status = ShardStatus.FINISHING;
    touch(s);
  }

  /**
   * Whether an outcome report from {@code worker} (released, errored, failed) may move the shard:
   * only the worker the scheduler last saw start it may. A worker paused past its heartbeat timeout
   * (a zombie) was counted lost and the shard released to another; whatever its late reports say,
   * they are about an attempt that no longer holds the shard. (A finished report is taken from any
   * worker: the shard's conditional commit in storage already decided which attempt's frames
   * count.)
   */
  public boolean heldBy(String shardId, String worker) {
    Shard s = shards.get(shardId);
    return s == null || s.worker == null || s.worker.equals(worker);
  }

  /**
   * The shard's frames are stored.
   *
   * @param billedSeconds the worker's cumulative GPU-seconds for the shard, every attempt
   */
  public void finished(String shardId, double billedSeconds, Instant now) {
    Shard s = shards.get(shardId);
    if (s == null) {
      return;
    }
    if (s.preemptions == 0 && s.billed == 0 && s.pool != null && pools.spec(s.pool) != null) {
      costs.observe(s.demand.modelId(), pools.spec(s.pool), s.demand.workUnits(), billedSeconds);
    }
    backlog.remove(s);
    settle(s, billedSeconds, now);
    end(s, ShardStatus.DONE);
  }

  /** The shard failed for good (dead-lettered): it frees its GPU and is billed what it used. */
  public void failed(String shardId, double billedSeconds, Instant now) {
    Shard s = shards.get(shardId);
    if (s == null) {
      return;
    }
    backlog.remove(s);
    settle(s, billedSeconds, now);
    end(s, ShardStatus.FAILED);
  }

  /**
   * The shard failed in a way another attempt may fix (storage down, a worker's fault): it is
   * queued again (front of its queue, from its last checkpoint) until it has spent {@code
   * maxAttempts}; then its job fails.
   */
  public void errored(String shardId, double billedSeconds, String why, Instant now) {
    Shard s = shards.get(shardId);
    if (s == null || !s.status.held()) {
      return;
    }
    settle(s, billedSeconds, now);
    retryOrFail(s, why);
  }

  private void retryOrFail(Shard s, String why) {
    boolean ran = !s.inHand;
    s.worker = null;
    s.stopping = null;
    s.startedAt = null;
    s.inHand = false;
    if (ran) {
      s.failures++;
    }
    Job job = jobs.get(s.demand.jobId());
    if (ran && s.failures >= settings.maxAttempts()) {
      outbox.add(
          new Decision.ShardFailed(
              s.demand.shardId(),
              s.demand.jobId(),
              s.studio(),
              s.pool,
              s.failures,
              "gave up after "
                  + s.failures
                  + " attempts (limit "
                  + settings.maxAttempts()
                  + "): "
                  + why));
      end(s, ShardStatus.FAILED);
    } else if (job.cancelled()) {
      end(s, ShardStatus.CANCELLED);
    } else if (job.paused) {
      s.status = ShardStatus.PAUSED;
      touch(s);
    } else {
      enqueue(s);
    }
  }

  /**
   * A worker handed the shard back at a step boundary, its checkpoint stored: because the scheduler
   * asked (cancel, pause, preempt) or because the worker is stopping.
   */
  public void released(String shardId, double billedSeconds, Instant now) {
    Shard s = shards.get(shardId);
    if (s == null || !s.status.held()) {
      return;
    }
    StopReason why = s.stopping;
    settle(s, billedSeconds, now);
    s.worker = null;
    s.stopping = null;
    s.startedAt = null;
    Job job = jobs.get(s.demand.jobId());
    if (job.cancelled() || why == StopReason.CANCEL) {
      end(s, ShardStatus.CANCELLED);
    } else if (job.paused) {
      s.status = ShardStatus.PAUSED;
    } else {
      if (why == StopReason.PREEMPT) {
        s.preemptions++;
      }
      enqueue(s); // its arrival order puts it back at the front of its studio's queue
    }
  }

  /**
   * Cancels the job: queued shards never start, running ones stop at their next step. Idempotent; a
   * job not seen yet is remembered as cancelled, so its shards are dropped when they arrive.
   */
  public boolean cancel(String jobId, String studio, String by, Instant now) {
    Job job = job(jobId, studio, Priority.NORMAL, now);
    if (job.cancelled()) {
      return false;
    }
    job.cancelledBy = by;
    job.cancelledAt = now;
    int dropped = 0;
    int stopping = 0;
    for (Shard s : List.copyOf(job.shards.values())) {
      if (s.status.held()) {
        // A finishing shard too: it reports finishing up to the worker's prefetch lead before its
        // GPU work is done, and stops at its next step if it is still sampling; one already
        // decoding is stored, billed and ends as finished.
        stop(s, StopReason.CANCEL, "job cancelled by " + by);
        stopping++;
      } else {
        backlog.remove(s);
        end(s, ShardStatus.CANCELLED);
        dropped++;
      }
    }
    outbox.add(new Decision.JobCancelled(jobId, job.studio, by, now, dropped, stopping));
    return true;
  }

  /**
   * Pauses the job: queued shards wait, running ones stop at the next step (checkpointed). A job
   * not seen yet (still encoding) is remembered as paused, so its shards wait when they arrive.
   */
  public boolean pause(String jobId, String studio, Instant now) {
    Job job = job(jobId, studio, Priority.NORMAL, now);
    if (job.cancelled() || job.paused) {
      return false;
    }
    job.paused = true;
    dirty.add("job/" + jobId);
    for (Shard s : job.shards.values()) {
      if (s.status == ShardStatus.PENDING) {
        backlog.remove(s);
        s.status = ShardStatus.PAUSED;
        touch(s);
      } else if (s.status.held() && s.stopping == null) {
        // finishing ones too (see cancel): a shard still sampling stops at its next step
        stop(s, StopReason.PAUSE, "job paused");
      }
    }
    return true;
  }

  /** Resumes the job: its paused shards queue again (each continues from its checkpoint). */
  public boolean resume(String jobId, String studio, Instant now) {
    Job job = jobs.get(jobId);
    if (job == null || job.cancelled() || !job.paused) {
      return false;
    }
    job.paused = false;
    dirty.add("job/" + jobId);
    for (Shard s : job.shards.values()) {
      if (s.status == ShardStatus.PAUSED) {
        enqueue(s);
      }
    }
    return true;
  }

  /**
   * Moves the job's queued shards to another class, keeping their order; running ones keep on (and
   * are preempted, or not, as their new class says). A job not seen yet gets the priority for the
   * shards it will have.
   */
  public boolean reprioritize(String jobId, String studio, Priority priority, Instant now) {
    if (priority == null) {
      return false;
    }
    Job job = job(jobId, studio, priority, now);
    if (job.cancelled()) {
      return false;
    }
    job.priority = priority;
    job.prioritySet = true;
    dirty.add("job/" + jobId);
    for (Shard s : job.shards.values()) {
      if (s.status == ShardStatus.PENDING) {
        backlog.remove(s);
        s.priority = priority;
        enqueue(s);
      } else {
        s.priority = priority;
        touch(s);
      }
    }
    return true;
  }

  public void quota(String studio, Quota quota) {
    StudioAccount a = account(studio);
    a.quota = quota;
    a.rearm();
    dirty.add("studio/" + studio);
  }

  /**
   * Any input came in (a report, a shard, a command): the inbox is readable. After a silence of a
   * worker timeout or more — the broker was down, or the scheduler could not read — the workers get
   * a timeout to be heard again before any of them is counted lost, so an outage of the inbox is
   * not taken for the loss of every worker (which would release every running shard a second time).
   */
  public void heard(Instant now) {
    if (lastInput == null || !lastInput.plus(settings.workerTimeout()).isAfter(now)) {
      inputResumedAt = now; // a (re)started scheduler gives the workers a timeout too
    }
    lastInput = now;
  }

  private boolean inboxHeard(Instant now) {
    if (lastInput == null || !lastInput.plus(settings.workerTimeout()).isAfter(now)) {
      return false; // nothing heard for a timeout: an unreadable inbox, or no farm at all
    }
    return inputResumedAt == null || !inputResumedAt.plus(settings.workerTimeout()).isAfter(now);
  }

  // --- decisions --------------------------------------------------------------------------

  /**
   * Everything the state now calls for: the stops and cancellations queued by inputs, then a shard
   * for every free GPU, then preemptions for waiting shards of preempting classes.
   */
  public List<Decision> decide(Instant now) {
    List<String> gone =
        inboxHeard(now) ? pools.expire(now, settings.workerTimeout()) : List.<String>of();
    if (!gone.isEmpty()) {
      lost.addAll(gone);
      // Their shards stopped where the worker died: queue them again from their checkpoints. The
      // loss is charged (an attempt spent) to the shard that was on the GPU — the one that may
      // have killed it — not to one waiting in hand or one being stored beside it; a worker that
      // held only shards being stored has them charged.
      java.util.Set<String> onGpu = new java.util.HashSet<>();
      for (Shard s : holding.values()) {
        if (s.worker != null && gone.contains(s.worker) && s.status.holdsGpu() && !s.inHand) {
          onGpu.add(s.worker);
        }
      }
      for (Shard s : List.copyOf(holding.values())) {
        if (s.worker != null && gone.contains(s.worker)) {
          if (s.status == ShardStatus.FINISHING && onGpu.contains(s.worker)) {
            s.inHand = true; // not the suspect: requeued without spending an attempt
          }
          settle(s, s.billed, now);
          retryOrFail(s, "worker " + gone + " lost");
        }
      }
    }
    for (PoolSpec pool : pools.bySpeed()) {
      while (pools.free(pool.name()) > 0) {
        Shard s = pick(pool, now);
        if (s == null) {
          break;
        }
        dispatch(s, pool, now);
      }
    }
    preempt(now);
    List<Decision> out = List.copyOf(outbox);
    outbox.clear();
    return out;
  }

  /**
   * The shard a free GPU of this pool takes: highest class, least-served studio, earliest.
   *
   * <p>In the last wave — when every pending shard will start within one shard-length anyway
   * (pending work no more than the pool's GPUs times the longest pending shard) — the class's
   * longest shard goes first instead: who waits barely changes, but a long shard started last would
   * leave the pool idle behind it (longest-processing-time first; it keeps the makespan near its
   * bound). Classes still come first.
   */
  private Shard pick(PoolSpec pool, Instant now) {
    int capacity = pools.totalCapacity();
    boolean lastWave =
        backlog.size() <= 4 * capacity && backlog.totalUnits() <= capacity * backlog.largestUnits();
    for (int cls = CLASSES - 1; cls >= 0; cls--) {
      Shard best = null;
      double bestVt = 0;
      for (String studio : backlog.studios(cls)) {
        StudioAccount a = account(studio);
        if (a.blockedBy(now) != null) {
          continue;
        }
        if (lastWave) {
          Shard s = backlog.longest(cls, studio, pool.memoryGb());
          if (s != null && (best == null || s.demand.workUnits() > best.demand.workUnits())) {
            best = s;
          }
          continue;
        }
        Shard s = backlog.first(cls, studio, pool.memoryGb());
        if (s == null) {
          continue;
        }
        double vt = a.virtualTime[cls];
        if (best == null || vt < bestVt || (vt == bestVt && s.seq < best.seq)) {
          best = s;
          bestVt = vt;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  private void dispatch(Shard s, PoolSpec pool, Instant now) {
    backlog.remove(s);
    StudioAccount a = account(s.studio());
    int cls = s.cls();
    double estimate = costs.seconds(s.demand.modelId(), s.demand.workUnits(), pool);
    classClock[cls] = Math.max(classClock[cls], a.virtualTime[cls]);
    a.virtualTime[cls] += estimate / a.quota.weight();
    s.charged = estimate;
    hold(s, pool, now);
    s.status = ShardStatus.DISPATCHED;
    outbox.add(
        new Decision.Dispatch(
            s.demand.shardId(),
            s.demand.jobId(),
            s.studio(),
            s.priority,
            pool.name(),
            estimate,
            s.failures + 1,
            String.format(
                "class %s; studio %s least served in it (%.1f GPU-s/weight); pool %s has %d free",
                s.priority.wire(),
                s.studio(),
                classClock[cls],
                pool.name(),
                pools.free(pool.name()) + 1)));
  }

  private void hold(Shard s, PoolSpec pool, Instant now) {
    StudioAccount a = account(s.studio());
    s.pool = pool.name();
    s.chargedClass = s.priority;
    pools.take(pool.name());
    a.inUse++;
    a.runningByClass[s.chargedClass.ordinal()]++;
    holding.put(s.demand.shardId(), s);
    touch(s);
    dirty.add("studio/" + s.studio());
  }

  /**
   * Waiting shards of a preempting class that no free GPU can take each get one victim: a running
   * shard of a lower class on a pool that fits them, the lowest class first, then the one started
   * last (least sunk into it since its last checkpoint), never one preempted too often already.
   */
  private void preempt(Instant now) {
    if (settings.preemptingClasses().isEmpty() || holding.isEmpty()) {
      return;
    }
    int stoppingAlready = 0;
    for (Shard r : holding.values()) {
      if (r.stopping == StopReason.PREEMPT) {
        stoppingAlready++;
      }
    }
    int limit = pools.totalCapacity();
    for (int cls = CLASSES - 1; cls > 0; cls--) {
      if (!settings.preemptingClasses().contains(Priority.values()[cls])) {
        continue;
      }
      List<Shard> waiting = new ArrayList<>();
      for (String studio : backlog.studios(cls)) {
        if (waiting.size() < limit && account(studio).blockedBy(now) == null) {
          waiting.addAll(backlog.first(cls, studio, limit - waiting.size(), true));
        }
      }
      for (Shard w : waiting) {
        if (stoppingAlready > 0) {
          stoppingAlready--; // a GPU is already on its way back for one of them
          continue;
        }
        Shard victim = victim(cls, w.demand.requiredMemoryGb());
        if (victim == null) {
          break;
        }
        stop(
            victim,
            StopReason.PREEMPT,
            "preempted for " + Priority.values()[cls].wire() + " shard " + w.demand.shardId());
      }
    }
  }

  private Shard victim(int cls, int memoryGb) {
    Shard best = null;
    for (Shard r : holding.values()) {
      if (r.status != ShardStatus.RUNNING
          || r.stopping != null
          || r.worker == null
          || r.priority.ordinal() >= cls
          || r.preemptions >= settings.maxPreemptions()
          || !pools.specOrUnknown(r.pool).fits(memoryGb)) {
        continue;
      }
      if (best == null
          || r.priority.ordinal() < best.priority.ordinal()
          || (r.priority == best.priority && r.startedAt.isAfter(best.startedAt))) {
        best = r;
      }
    }
    return best;
  }

  // --- bookkeeping ------------------------------------------------------------------------

  private void stop(Shard s, StopReason why, String reason) {
    s.stopping = why;
    touch(s);
    outbox.add(new Decision.Stop(s.demand.shardId(), s.demand.jobId(), s.worker, why, reason));
  }

  private void enqueue(Shard s) {
    StudioAccount a = account(s.studio());
    int cls = s.cls();
    if (!a.activeIn(cls, backlog)) {
      // Re-entering the class: idle time earns no credit against studios that kept it busy.
      a.virtualTime[cls] = Math.max(a.virtualTime[cls], classClock[cls]);
      dirty.add("studio/" + s.studio());
    }
    s.status = ShardStatus.PENDING;
    backlog.add(s);
    touch(s);
  }

  /** Bills the shard's new GPU-seconds, settles its fair-share charge, and frees its GPU. */
  private void settle(Shard s, double billedSeconds, Instant now) {
    bill(s, billedSeconds, now);
    if (s.status.holdsGpu()) {
      pools.release(s.pool);
    }
    if (s.status.held()) {
      StudioAccount a = account(s.studio());
      a.inUse--;
      a.runningByClass[s.chargedClass.ordinal()]--;
    }
    holding.remove(s.demand.shardId());
    s.chargedClass = null;
    touch(s);
  }

  /** Bills the shard's GPU-seconds since its last bill and settles its fair-share charge. */
  private void bill(Shard s, double billedSeconds, Instant now) {
    StudioAccount a = account(s.studio());
    double delta = Math.max(0, billedSeconds - s.billed);
    s.billed = Math.max(s.billed, billedSeconds);
    outbox.addAll(a.bill(now, delta, settings.budgetWarning()));
    if (s.chargedClass != null) {
      a.virtualTime[s.chargedClass.ordinal()] += (delta - s.charged) / a.quota.weight();
      s.charged = 0;
    }
    dirty.add("studio/" + s.studio());
  }

  private void end(Shard s, ShardStatus status) {
    s.status = status;
    shards.remove(s.demand.shardId());
    holding.remove(s.demand.shardId());
    Job job = jobs.get(s.demand.jobId());
    job.shards.remove(s.demand.shardId());
    touch(s);
    if (job.shards.isEmpty() && !job.cancelled() && !job.paused) {
      jobs.remove(job.jobId);
    }
  }

  private Job job(String jobId, String studio, Priority priority, Instant now) {
    Job job = jobs.computeIfAbsent(jobId, k -> new Job(k, studio, priority, now));
    job.touched = now;
    dirty.add("job/" + jobId);
    return job;
  }

  StudioAccount account(String studio) {
    return studios.computeIfAbsent(studio, k -> new StudioAccount(k, settings.defaultQuota()));
  }

  private void touch(Shard s) {
    dirty.add("shard/" + s.demand.shardId());
    dirty.add("job/" + s.demand.jobId());
  }

  // --- views ------------------------------------------------------------------------------

  public int queued() {
    return backlog.size();
  }

  public int capacity(String pool) {
    return pools.capacity(pool);
  }

  public int busy(String pool) {
    return pools.busy(pool);
  }

  public int draining(String pool) {
    return pools.draining(pool);
  }

  /** Pending shards a pool with this much GPU memory could run. */
  public int queuedFitting(int memoryGb) {
    int n = 0;
    for (int cls = 0; cls < CLASSES; cls++) {
      for (double[] u : backlog.unitsFitting(cls, memoryGb).values()) {
        n += (int) u[1];
      }
    }
    return n;
  }

  public List<PoolSpec> pools() {
    return pools.bySpeed();
  }

  /**
   * A pool ops declared (name, GPU memory, speed) before any of its workers runs: a pool scaled to
   * zero still gets its backlog figures, so the autoscaler can wake it.
   */
  public void declarePool(PoolSpec spec) {
    pools.declare(spec);
  }

  /**
   * Pending GPU-seconds per pool (each shard counted in every pool that could run it) and class.
   * Shards of a studio whose GPU-second budget is exhausted are left out: they cannot start, so
   * more GPUs would not run them (a studio at its GPU cap still counts: its running shards end).
   */
  public Map<String, double[]> backlogSeconds(Instant now) {
    Map<String, double[]> out = new HashMap<>();
    List<Shard> held = budgetHeld(now);
    for (PoolSpec pool : pools.bySpeed()) {
      double[] perClass = new double[CLASSES];
      for (int cls = 0; cls < CLASSES; cls++) {
        for (var e : backlog.unitsFitting(cls, pool.memoryGb()).entrySet()) {
          perClass[cls] += costs.seconds(e.getKey(), e.getValue()[0], pool);
        }
      }
      for (Shard s : held) {
        if (pool.fits(s.demand.requiredMemoryGb())) {
          perClass[s.cls()] -= costs.seconds(s.demand.modelId(), s.demand.workUnits(), pool);
        }
      }
      for (int cls = 0; cls < CLASSES; cls++) {
        perClass[cls] = Math.max(0, perClass[cls]); // rounding of the subtraction
      }
      out.put(pool.name(), perClass);
    }
    return out;
  }

  /** One studio's use of one of its GPU-second budgets this period. */
  public record BudgetUse(String studio, String period, double used, double budget) {}

  /** Every budget a studio has (day and month; 0 = none is left out), used so far this period. */
  public List<BudgetUse> budgetUse(Instant now) {
    List<BudgetUse> out = new ArrayList<>();
    for (StudioAccount a : studios.values()) {
      a.roll(now);
      if (a.quota.dailyGpuSeconds() > 0) {
        out.add(new BudgetUse(a.studio, "day", a.daySeconds, a.quota.dailyGpuSeconds()));
      }
      if (a.quota.monthlyGpuSeconds() > 0) {
        out.add(new BudgetUse(a.studio, "month", a.monthSeconds, a.quota.monthlyGpuSeconds()));
      }
    }
    return out;
  }

  /** Pending shards a pool with this much GPU memory could run now: budget-held ones left out. */
  public int runnableFitting(int memoryGb, Instant now) {
    int n = queuedFitting(memoryGb);
    for (Shard s : budgetHeld(now)) {
      if (s.demand.requiredMemoryGb() <= memoryGb) {
        n--;
      }
    }
    return Math.max(0, n);
  }

  /** Pending shards of studios whose GPU-second budget is exhausted: they wait for the period. */
  private List<Shard> budgetHeld(Instant now) {
    List<Shard> held = new ArrayList<>();
    for (int cls = 0; cls < CLASSES; cls++) {
      for (String studio : backlog.studios(cls)) {
        if (account(studio).budgetExhausted(now)) {
          held.addAll(backlog.queue(cls, studio));
        }
      }
    }
    return held;
  }

  /** Position, estimated start and finish of every job with queued shards, class by class. */
  public List<Eta> etas(Instant now) {
    return EtaEstimator.estimate(this, now);
  }

  /** The shard's status, or null once it has ended (ended shards are forgotten). */
  public ShardStatus status(String shardId) {
    Shard s = shards.get(shardId);
    return s == null ? null : s.status;
  }

  public String workerOf(String shardId) {
    Shard s = shards.get(shardId);
    return s == null ? null : s.worker;
  }

  public boolean cancelled(String jobId) {
    Job job = jobs.get(jobId);
    return job != null && job.cancelled();
  }

  /** GPU-seconds the studio used this UTC day and month. */
  public double[] used(String studio, Instant now) {
    StudioAccount a = account(studio);
    a.roll(now);
    return new double[] {a.daySeconds, a.monthSeconds};
  }

  /** Workers found silent past the timeout since the last call (their GPUs left the pools). */
  public List<String> takeLost() {
    List<String> out = List.copyOf(lost);
    lost.clear();
    return out;
  }

  /** Keys of the state touched since the last call ("shard/…", "job/…", "studio/…"). */
  public Set<String> takeDirty() {
    Set<String> out = Set.copyOf(dirty);
    dirty.clear();
    return out;
  }
}
