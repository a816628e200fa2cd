package dev.earshot.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code parameters:}: a scenario with a data table becomes one scenario per row, its {@code {{column}}} placeholders
 * filled in from the row (in what is said, every check, the answers, the caller's number and name, the description).
 * A placeholder no column gives, a scenario without a table that has one, a CSV row of the wrong width: each is one
 * line naming the place.
 */
final class ScenarioTable {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

  private ScenarioTable() {}

  /** The scenario's instances: itself when it has no table (after checking it uses no placeholder). */
  static List<Suite.Scenario> expand(Suite.Scenario sc, String at, Path folder) {
    if (sc.parameters() == null) {
      UnaryOperator<String> none = text -> {
        Matcher m = PLACEHOLDER.matcher(text);
        if (m.find()) throw new SuiteException(at + ": '" + m.group() + "' but the scenario has no parameters:; expected a parameters: table (rows, or csv: FILE) giving " + m.group(1));
        return text;
      };
      fill(sc, none, sc.name());
      return List.of(sc);
    }
    List<Map<String, String>> rows = rows(sc.parameters(), at + ".parameters", folder);
    List<Suite.Scenario> out = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (int k = 0; k < rows.size(); k++) {
      Map<String, String> row = rows.get(k);
      String where = at + ".parameters[" + k + "]";
      String id = row.containsKey("id") ? row.get("id").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "") : String.valueOf(k + 1);
      if (id.isEmpty() || !ids.add(id)) throw new SuiteException(where + ".id: '" + row.get("id") + "' " + (id.isEmpty() ? "has no letter or digit" : "is used twice") + "; expected a unique id per row");
      UnaryOperator<String> sub = text -> {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
          String v = row.get(m.group(1));
          if (v == null) throw new SuiteException(where + ": '" + m.group() + "' names no column; expected one of " + row.keySet());
          m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
      };
      try {
        out.add(fill(sc, sub, sc.name() + "-" + id));
      } catch (IllegalArgumentException e) { // InvalidField too: a filled-in value that is not valid there
        throw new SuiteException(where + ": with this row, " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static Suite.Scenario fill(Suite.Scenario sc, UnaryOperator<String> f, String name) {
    List<Step> steps = sc.steps().stream().map(s -> s.withText(f)).toList();
    return new Suite.Scenario(name, f.apply(sc.description()), null, steps, sc.network(), sc.budgets(), sc.greeting(),
        sc.caller() == null ? null : sc.caller().withText(f), sc.headers(), sc.dtmfMode(), sc.call(), sc.waitS(), sc.weight(), sc.agentSilenceMs(),
        sc.maxUtteranceS(), null);
  }

  private static List<Map<String, String>> rows(Suite.Parameters p, String at, Path folder) {
    List<Map<String, String>> rows = new ArrayList<>();
    if (p.rows() != null) {
      for (Map<String, Object> r : p.rows()) {
        Map<String, String> row = new LinkedHashMap<>();
        r.forEach((k, v) -> row.put(k, v == null ? "" : String.valueOf(v)));
        rows.add(row);
      }
      return rows;
    }
    Path file = folder.resolve(p.csv()).toAbsolutePath().normalize();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SuiteException(at + ".csv: cannot read " + file + " (" + e.getClass().getSimpleName() + "); expected a CSV file, its first line the column names");
    }
    List<String> header = null;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank()) continue;
      List<String> fields = fields(line, file + ":" + (n + 1));
      if (header == null) {
        header = fields.stream().map(String::strip).toList();
        for (String h : header) if (!h.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new SuiteException(file + ":1: column '" + h + "': expected a name of letters, digits and '_'");
        continue;
      }
      if (fields.size() != header.size()) {
        throw new SuiteException(file + ":" + (n + 1) + ": expected " + header.size() + " fields (" + String.join(",", header) + "), found " + fields.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) row.put(header.get(i), fields.get(i).strip());
      rows.add(row);
    }
    if (rows.isEmpty()) throw new SuiteException(file + ": expected a header line and at least one row");
    return rows;
  }

  /** One CSV line's fields (RFC 4180: a field in double quotes may hold commas, and "" for a quote). */
  static List<String> fields(String line, String at) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"' && f.toString().isBlank()) {
        quoted = true;
        f.setLength(0);
      } else if (c == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    if (quoted) throw new SuiteException(at + ":" + (line.length() + 1) + ": a quoted field is not closed; expected a closing \"");
    out.add(f.toString());
    return out;
  }
}
