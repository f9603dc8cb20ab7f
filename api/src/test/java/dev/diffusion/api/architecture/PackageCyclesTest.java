package dev.diffusion.api.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No dependency cycles between the api's packages, nor between its features ({@code job}, {@code model},
 * {@code config}, ...: the first package name below {@code dev.diffusion.api}). Dependencies are read
 * from the sources: every reference {@code dev.diffusion.api.some.pkg.Type} (imports, static imports,
 * fully qualified names) and wildcard import, outside comments. A plain JUnit test without ArchUnit.
 */
class PackageCyclesTest {

    private static final String ROOT = "dev.diffusion.api";
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern REFERENCE = Pattern.compile(
            "\\b(" + Pattern.quote(ROOT) + "(?:\\.[a-z_][a-z0-9_]*)*)\\.(?:[A-Z]\\w*|\\*)");
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"");

    @Test
    void packagesHaveNoCycles() {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph).as("packages read from %s", SOURCES.toAbsolutePath())
                .containsKeys(ROOT + ".job.service", ROOT + ".job.messaging", ROOT + ".model.rest");
        assertThat(cycles(graph)).as("package cycles").isEmpty();
    }

    @Test
    void featuresHaveNoCycles() {
        assertThat(cycles(collapse(packageGraph(), PackageCyclesTest::feature))).as("feature cycles").isEmpty();
    }

    @Test
    void everyPackageSaysWhatLivesThere() {
        assertThat(packageGraph().keySet())
                .allSatisfy(p -> assertThat(SOURCES.resolve(p.replace('.', '/')).resolve("package-info.java"))
                        .as("package-info.java of %s", p).exists());
    }

    @Test
    void cycleFinderFindsCycles() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a", "d"));
        graph.put("d", Set.of());
        graph.put("e", Set.of("e"));
        assertThat(cycles(graph)).containsExactlyInAnyOrder(Set.of("a", "b", "c"), Set.of("e"));
        assertThat(cycles(Map.of("x", Set.of("y"), "y", Set.of()))).isEmpty();
        assertThat(dependencies(ROOT + ".x", """
                import %1$s.y.Type; // %1$s.commented.Out
                import static %1$s.z.Util.method;
                import %1$s.w.*;
                /* %1$s.block.Comment */ class T { %1$s.v.Other o; String s = "%1$s.text.Literal"; }
                """.formatted(ROOT))).containsExactlyInAnyOrder(ROOT + ".y", ROOT + ".z", ROOT + ".w", ROOT + ".v");
    }

    /** Package to the other api packages it references. */
    private static Map<String, Set<String>> packageGraph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String source = read(f);
                Matcher m = PACKAGE.matcher(source);
                if (!m.find()) {
                    throw new AssertionError(f + " has no package declaration");
                }
                String pkg = m.group(1);
                Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                dependencies(pkg, source).forEach(deps::add);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private static Set<String> dependencies(String pkg, String source) {
        String code = STRING.matcher(COMMENT.matcher(source).replaceAll(" ")).replaceAll("\"\"");
        Set<String> deps = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            if (!m.group(1).equals(pkg)) {
                deps.add(m.group(1));
            }
        }
        return deps;
    }

    private static String feature(String pkg) {
        if (!pkg.startsWith(ROOT + ".")) {
            return pkg;
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return ROOT + "." + (dot < 0 ? rest : rest.substring(0, dot));
    }

    private static Map<String, Set<String>> collapse(Map<String, Set<String>> graph, Function<String, String> group) {
        Map<String, Set<String>> collapsed = new TreeMap<>();
        graph.forEach((from, tos) -> {
            Set<String> deps = collapsed.computeIfAbsent(group.apply(from), k -> new TreeSet<>());
            tos.stream().map(group).filter(to -> !to.equals(group.apply(from))).forEach(deps::add);
        });
        return collapsed;
    }

    /** The strongly connected components with more than one node or a self-loop (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> result = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                strongConnect(node, graph, index, low, stack, onStack, result);
            }
        }
        return result;
    }

    private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                      List<Set<String>> result) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, result);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1 || graph.getOrDefault(v, Set.of()).contains(v)) {
                result.add(component);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
