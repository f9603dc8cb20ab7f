import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Platform benchmark against a running stack (./run-local.sh): submission throughput and latency from
 * concurrent clients (after an untimed warm-up round that lets the JIT compile the request path), and
 * submit-to-RUNNING latency with an idle worker. Single-file program, not part of the build:
 * {@code java deploy/bench/PlatformBenchmark.java [apiBaseUrl] [submissions] [clients] [probes] [warmup] [rounds]
 * [report]} (0 probes for a stack started with --no-worker). It sends the API key of {@code DIFFUSION_API_KEY}, else
 * the local run's admin key from {@code .local/api-admin.key}. It prints a Markdown table of every round and, given a
 * report file (docs/benchmarks.md), inserts it there as a dated section naming the machine, the commit and the
 * command, before the first dated section. It cancels every job it submitted.
 */
public final class PlatformBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");
    private static final String TRAINING = "{\"dataset\":\"shapes\",\"steps\":20,\"batchSize\":8,"
            + "\"model\":{\"baseChannels\":8,\"numClasses\":4},\"checkpointEvery\":20,\"previewEvery\":0}";

    private static String authorization;

    public static void main(String[] args) throws Exception {
        String key = System.getenv("DIFFUSION_API_KEY");
        authorization = "Bearer " + (key != null ? key : Files.readString(Path.of(".local/api-admin.key")).trim());
        String api = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int submissions = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int probes = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        int roundCount = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Path report = args.length > 6 ? Path.of(args[6]) : null;
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        if (warmup > 0) {
            submitConcurrently(http, api, warmup, clients);
        }
        List<Round> rounds = new ArrayList<>();
        for (int r = 0; r < roundCount; r++) {
            rounds.add(submitConcurrently(http, api, submissions, clients));
        }

        List<Long> toRunning = new ArrayList<>();
        for (int i = 0; i < probes; i++) {
            waitUntilIdle(http, api);
            long t0 = System.nanoTime();
            String job = id(post(http, api + "/api/v1/training-jobs", TRAINING, 202));
            while (!"RUNNING".equals(status(http, api, job)) && !isFinal(status(http, api, job))) {
                Thread.sleep(10);
            }
            toRunning.add(System.nanoTime() - t0);
            post(http, api + "/api/v1/jobs/" + job + "/cancel", "", -1);
        }

        String running = toRunning.isEmpty() ? "–"
                : String.format("%.0f ms (%.0f ms)", pct(toRunning, 50), pct(toRunning, 90));
        StringBuilder table = new StringBuilder();
        table.append("| round | submissions | clients | throughput | p50 | p99 | submit → RUNNING p50 (p90), ")
                .append(probes).append(" probes |\n|---|---|---|---|---|---|---|\n");
        for (int r = 0; r < rounds.size(); r++) {
            Round round = rounds.get(r);
            table.append(String.format("| %d | %d | %d | %.0f /s | %.1f ms | %.1f ms | %s |%n", r + 1, submissions,
                    clients, submissions / round.seconds(), pct(round.latencies(), 50), pct(round.latencies(), 99),
                    r == 0 ? running : ""));
        }
        System.out.print(table);
        if (report != null) {
            String command = "java deploy/bench/PlatformBenchmark.java " + String.join(" ", args);
            BenchReport.insert(report, command, loadBefore, warmup, table.toString());
            System.out.println("Wrote a section into " + report);
        }
    }

    private record Round(double seconds, List<Long> latencies) {
    }

    /** The dated section of docs/benchmarks.md: machine, commit, command, the table. */
    private static final class BenchReport {

        static void insert(Path report, String command, String loadBefore, int warmup, String table)
                throws Exception {
            String now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
                    .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
            String section = "## " + now + " — platform submissions with API keys (`PlatformBenchmark`)\n\n"
                    + "Machine: " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " processors; "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "  \n"
                    + "Commit: " + commit() + "; load average before: " + loadBefore + "  \n"
                    + "Command: `" + command + "` (" + warmup + " untimed warm-up submissions first; the API, "
                    + "PostgreSQL, Kafka, S3 and this client share the machine)\n\n"
                    + table + "\nTargets: ≥ 300 submissions/s with p99 ≤ 100 ms; submit → RUNNING p50 ≤ 500 ms "
                    + "with an idle worker.\n\n";
            String text = Files.readString(report);
            Matcher dated = Pattern.compile("(?m)^## 20\\d\\d-").matcher(text);
            int at = dated.find() ? dated.start() : text.length();
            Files.writeString(report, text.substring(0, at) + section + text.substring(at));
        }

        private static String cpu() throws Exception {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
            List<String> flags = lines.stream().filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> List.of(l.substring(l.indexOf(':') + 1).trim().split(" "))).orElse(List.of());
            List<String> shown = List.of("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile").stream()
                    .filter(flags::contains).toList();
            return model + " (flags " + String.join(" ", shown) + ")";
        }

        private static String commit() {
            try {
                Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true)
                        .start();
                String out = new String(git.getInputStream().readAllBytes()).trim();
                return git.waitFor() == 0 ? out : "unknown";
            } catch (Exception e) {
                return "unknown";
            }
        }
    }

    /** Submits {@code count} jobs from {@code clients} threads, then cancels them. */
    private static Round submitConcurrently(HttpClient http, String api, int count, int clients) throws Exception {
        List<String> submitted = Collections.synchronizedList(new ArrayList<>());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                String body = post(http, api + "/api/v1/training-jobs", TRAINING, 202);
                latencies.add(System.nanoTime() - t0);
                submitted.add(id(body));
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        cancelAll(http, api, submitted);
        return new Round(seconds, latencies);
    }

    private static void cancelAll(HttpClient http, String api, List<String> jobs) throws Exception {
        for (String job : jobs) {
            post(http, api + "/api/v1/jobs/" + job + "/cancel", "", -1);
        }
    }

    private static void waitUntilIdle(HttpClient http, String api) throws Exception {
        for (int i = 0; i < 600; i++) {
            String running = get(http, api + "/api/v1/jobs?status=RUNNING&limit=1");
            String queued = get(http, api + "/api/v1/jobs?status=QUEUED&limit=1");
            if (!ID.matcher(running).find() && !ID.matcher(queued).find()) {
                Thread.sleep(300);
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the worker did not become idle within 2 minutes");
    }

    private static boolean isFinal(String status) {
        return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
    }

    private static String status(HttpClient http, String api, String job) throws Exception {
        Matcher m = STATUS.matcher(get(http, api + "/api/v1/jobs/" + job));
        return m.find() ? m.group(1) : "";
    }

    private static String id(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no job id in " + body);
        }
        return m.group(1);
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String post(HttpClient http, String url, String json, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (expected > 0 && r.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static double pct(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
