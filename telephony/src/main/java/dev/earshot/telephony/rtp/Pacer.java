package dev.earshot.telephony.rtp;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The 20 ms beat of every stream on one event loop, as one timer wheel: a stream joins one of 20 one-millisecond
 * slots and is ticked each time the wheel passes it, so a thousand streams cost one timer wake-up per busy
 * slot, not a scheduled task per packet; the packets a slot's ticks write to a shared socket leave in one flush. A
 * stream's nominal send times are its slot's grid times (its first due time plus multiples of 20 ms), which the wheel keeps however late a wake-up is: a late slot is served at once,
 * and the next is still due on the grid. Empty slots cost nothing: the wheel sleeps until its next busy slot. Used
 * on its event loop only.
 */
final class Pacer {
  /**
   * 1 ms: twenty slots a frame. Coarser slots wake the loop less often but send bigger bursts: at 2000 calls (shared
   * sockets, SIPp echo) 4 ms slots cost the RTP threads 10.8-11.4 CPU-s against 13.4-13.7, but took the send-time p99
   * from 1.5-2.1 to 2.6 ms (3x the timer floor beside it) and quadrupled the drops on SIPp's one echo socket.
   */
  static final long SLOT_NANOS = 1_000_000;
  static final int SLOTS = (int) (MediaStream.FRAME_NANOS / SLOT_NANOS);

  private final EventLoop loop;
  /** Grid time 0: slot {@code g % SLOTS} of grid tick {@code g} is due at {@code origin + g * SLOT_NANOS}. */
  private final long origin = System.nanoTime();
  @SuppressWarnings("unchecked")
  private final List<Member>[] slots = new List[SLOTS];
  private int members;
  /** The grid tick the wheel will serve next (when {@link #timer} is set), and its timer. */
  private long nextTick;
  private ScheduledFuture<?> timer;
  /** While a slot's streams are ticked: the shared sockets they wrote to (flushed once, after the last) and the streams
   * whose packet left in that flush (told when it went). */
  private boolean serving;
  private final List<Channel> dirty = new ArrayList<>();
  private final List<MediaStream> flushedWith = new ArrayList<>();

  Pacer(EventLoop loop) {
    this.loop = loop;
    for (int i = 0; i < SLOTS; i++) slots[i] = new ArrayList<>();
  }

  /** A stream's place on the wheel: {@link #firstDueNanos} is its first tick's nominal time. */
  final class Member {
    private final Runnable tick;
    private final int slot;
    /** The grid tick of its first beat: the wheel may pass its slot once before it (a stream joining ahead of the wheel). */
    private final long firstTick;
    final long firstDueNanos;
    private boolean left;

    private Member(Runnable tick, long gridTick) {
      this.tick = tick;
      this.slot = (int) (gridTick % SLOTS);
      this.firstTick = gridTick;
      this.firstDueNanos = origin + gridTick * SLOT_NANOS;
    }

    /** Leaves the wheel: no tick after this. */
    void leave() {
      if (left) return;
      left = true;
      slots[slot].remove(this);
      members--;
    }
  }

  /**
   * Puts {@code tick} on the wheel, due at the next grid slot, then every 20 ms; the slots are filled in
   * turn as streams join, so that streams joining at once are spread over the 20 ms instead of all due together.
   */
  Member join(Runnable tick) {
    long now = System.nanoTime();
    long gridTick = Math.floorDiv(now - origin + SLOT_NANOS - 1, SLOT_NANOS);
    // the least busy of the next 20 slots (the soonest among equals): a burst of new calls spreads over the frame
    long best = gridTick;
    for (long g = gridTick; g < gridTick + SLOTS; g++) if (slots[(int) (g % SLOTS)].size() < slots[(int) (best % SLOTS)].size()) best = g;
    Member m = new Member(tick, best);
    slots[m.slot].add(m);
    members++;
    if (timer == null || best < nextTick) arm(best);
    return m;
  }

  private void arm(long gridTick) {
    if (timer != null) timer.cancel(false);
    nextTick = gridTick;
    long wait = origin + gridTick * SLOT_NANOS - System.nanoTime();
    timer = loop.schedule(this::fire, Math.max(0, wait), TimeUnit.NANOSECONDS);
  }

  /**
   * Flushes {@code ch} once this slot's streams have all been ticked (their packets leave together: one
   * {@code sendmmsg} on epoll), or now when no slot is being served.
   */
  void flushAfterSlot(Channel ch) {
    if (!serving) {
      ch.flush();
      return;
    }
    if (!dirty.contains(ch)) dirty.add(ch); // one or two shared sockets a loop: a short list
  }

  /** Whether a slot's ticks are running now (a packet written now leaves with the slot's flush). */
  boolean serving() {
    return serving;
  }

  /** Tells {@code s} when the slot's flush has gone ({@link MediaStream#flushed}): its send time is then, not when it wrote. */
  void timeFlush(MediaStream s) {
    flushedWith.add(s);
  }

  private void flushSlot() {
    if (dirty.isEmpty() && flushedWith.isEmpty()) return;
    for (Channel ch : dirty) ch.flush();
    dirty.clear();
    long at = System.nanoTime();
    for (MediaStream s : flushedWith) s.flushed(at);
    flushedWith.clear();
  }

  /** The members of the slot being served, copied (a tick may make members leave); reused slot after slot. */
  private Member[] ticked = new Member[16];

  private void fire() {
    timer = null;
    long served = nextTick;
    List<Member> due = slots[(int) (served % SLOTS)];
    // a tick may make its own stream leave (or another on this loop): each member present now is ticked once
    int count = due.size();
    if (ticked.length < count) ticked = new Member[Math.max(count, 2 * ticked.length)];
    Member[] now = due.toArray(ticked);
    serving = true;
    try {
      for (int i = 0; i < count; i++) {
        Member m = now[i];
        now[i] = null;
        if (m.left || served < m.firstTick) continue;
        try {
          m.tick.run();
        } catch (RuntimeException e) {
          m.leave(); // that stream's beat ends there (as a failing fixed-rate task's does), not the others'
        }
      }
    } finally {
      serving = false;
      flushSlot();
    }
    if (members == 0) return;
    for (long g = served + 1; g <= served + SLOTS; g++) {
      if (!slots[(int) (g % SLOTS)].isEmpty()) {
        arm(g);
        return;
      }
    }
  }
}
