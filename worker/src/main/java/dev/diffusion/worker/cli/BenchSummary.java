package dev.diffusion.worker.cli;

/**
 * Places a run in the report file: its summary replaces the one between the marker comments at the
 * top (so that the summary never mixes runs or machines), and its dated section goes right below the
 * summary, above the older sections, which stay as history.
 */
final class BenchSummary {

    static final String BEGIN =
            "<!-- bench-summary:begin — written by `worker bench` from its latest run; edits are replaced -->";
    static final String END = "<!-- bench-summary:end -->";

    private BenchSummary() {
    }

    /**
     * The report file with a run in it.
     *
     * @param document the file's current text, "" when there is none
     * @param summary the run's summary (without markers)
     * @param section the run's dated section
     * @return the new text
     */
    static String rewrite(String document, String summary, String section) {
        String block = BEGIN + "\n" + summary.strip() + "\n" + END + "\n\n" + section.strip() + "\n";
        if (document.isBlank()) {
            return BenchReport.HEADER + block;
        }
        int begin = document.indexOf(BEGIN.substring(0, BEGIN.indexOf(' ', 5)));
        int end = begin < 0 ? -1 : document.indexOf(END, begin);
        if (begin >= 0 && end >= 0) {
            String after = document.substring(end + END.length()).stripLeading();
            return document.substring(0, begin) + block + (after.isEmpty() ? "" : "\n" + after);
        }
        int firstSection = document.startsWith("## ") ? 0 : document.indexOf("\n## ");
        if (firstSection < 0) {
            return document.stripTrailing() + "\n\n" + block;
        }
        int at = firstSection == 0 ? 0 : firstSection + 1;
        return document.substring(0, at) + block + "\n" + document.substring(at);
    }
}
