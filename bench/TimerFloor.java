import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's own timer floor: a bare thread waking every 20 ms on an absolute schedule, nothing else.
 * Run beside a load run (java bench/TimerFloor.java SECONDS), it shows how late this machine wakes any
 * thread at that moment, so Earshot's send-time error can be read against it rather than against zero.
 */
public class TimerFloor {
  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int n = seconds * 50;
    long[] late = new long[n];
    long t0 = System.nanoTime();
    for (int k = 0; k < n; k++) {
      long deadline = t0 + k * 20_000_000L;
      long now;
      while ((now = System.nanoTime()) < deadline) LockSupport.parkNanos(deadline - now);
      late[k] = (now - deadline) / 1000;
    }
    Arrays.sort(late);
    System.out.printf("timer floor: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d wake-ups%n",
        late[n / 2] / 1000.0, late[(int) (n * 0.99)] / 1000.0, late[n - 1] / 1000.0, n);
  }
}
