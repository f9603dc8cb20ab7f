package dev.diffusion.worker.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.diffusion.common.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one measurement process (a {@code bench-probe} JVM or the PyTorch reference script): passes
 * its log through and reads its {@code BENCH-RESULT {json}} line (and {@code BENCH-VERSION {json}},
 * which the reference prints).
 *
 * @param result the measured numbers
 * @param version what the process reported about its software, empty if nothing
 */
record ProbeProcess(Map<String, Double> result, Map<String, String> version) {

    static final String RESULT_PREFIX = "BENCH-RESULT ";
    static final String VERSION_PREFIX = "BENCH-VERSION ";
    private static final ObjectMapper JSON = JsonMapper.shared();

    /**
     * Runs a measurement to its end.
     *
     * @param name what it measures, for the error message
     * @param command the command line
     * @param environment variables set on top of this process's environment
     * @param log where its standard output goes (its standard error is inherited)
     * @return its result
     * @throws IOException if it fails or prints no result
     * @throws InterruptedException if interrupted while waiting
     */
    static ProbeProcess run(String name, List<String> command, Map<String, String> environment, PrintStream log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String resultLine = null;
        String versionLine = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(RESULT_PREFIX)) {
                    resultLine = line.substring(RESULT_PREFIX.length());
                } else if (line.startsWith(VERSION_PREFIX)) {
                    versionLine = line.substring(VERSION_PREFIX.length());
                } else {
                    log.println(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || resultLine == null) {
            throw new IOException("measurement " + name + " failed (exit code " + exit + "); its log is above");
        }
        return new ProbeProcess(
                JSON.readValue(resultLine, new TypeReference<LinkedHashMap<String, Double>>() {}),
                versionLine == null ? Map.of()
                        : JSON.readValue(versionLine, new TypeReference<LinkedHashMap<String, String>>() {}));
    }
}
