package dev.earshot.harness;

import dev.earshot.audio.Pcm;
import dev.earshot.audio.Wav;
import dev.earshot.report.CallEvent;
import dev.earshot.report.CallResult;
import dev.earshot.report.Reports;
import dev.earshot.telephony.capture.Pcap;
import dev.earshot.telephony.rtp.WireImpairment;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one call leaves on disk besides its result, written through here and named here, relative to the
 * run's output directory: {@code recordings/ID.wav} (stereo: the caller left, the agent right, on one time base
 * from media start), {@code captures/ID.pcap} (every packet Earshot sent and received), {@code calls/ID.wire.csv}
 * (the wire impairment's choice for each packet, when the profile impairs the path) and
 * {@code calls/ID.events.jsonl} (the call's events, from which its results were judged).
 */
final class CallArtefacts {
  private final Path outDir;
  private final String id;

  CallArtefacts(Path outDir, String id) {
    this.outDir = outDir;
    this.id = id;
  }

  static String recording(String id) {
    return "recordings/" + id + ".wav";
  }

  static String capture(String id) {
    return "captures/" + id + ".pcap";
  }

  static String wire(String id) {
    return "calls/" + id + ".wire.csv";
  }

  /** The call's packet capture, open from its first packet; closed by the caller when the call is over. */
  Pcap openCapture() {
    return Pcap.create(outDir.resolve(capture(id)));
  }

  /** Writes the stereo recording; returns its relative path. */
  String writeRecording(Pcm caller, Pcm agent) {
    Wav.writeStereo(outDir.resolve(recording(id)), caller, agent);
    return recording(id);
  }

  /** Writes the wire impairment's per-packet log; its totals, or null when the path was not impaired. */
  CallResult.WireStats writeWire(WireImpairment w) {
    return WireLogs.write(w, outDir, wire(id));
  }

  void writeEvents(List<CallEvent> events) {
    Reports.writeEvents(outDir, id, events);
  }
}
