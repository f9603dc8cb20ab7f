package dev.diffusion.worker.cli;

import dev.diffusion.common.spec.SpecValidationException;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The worker's command line, {@code worker <command> [options]}, parsed by picocli. It maps the outcome
 * to an exit code: 0 success, 1 failure, 2 bad usage (with the message and a hint to {@code --help}).
 */
@Command(name = "worker", customSynopsis = "worker <command> [options]",
        description = {"Trains and samples DDPM/DDIM diffusion models on the CPU (DJL + PyTorch).",
            "Without a command the worker starts as a service and waits for jobs."},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'worker <command> --help' for the options of a command.",
            "Exit codes: 0 success, 1 failure, 2 bad usage."},
        subcommands = {TrainCommand.class, SampleCommand.class, QualityCommand.class, ScoreImagesCommand.class,
            ImportDatasetCommand.class, ImportWeightsCommand.class,
            ExportWeightsCommand.class, BenchCommand.class, BenchProbeCommand.class, SelfCheckCommand.class,
            HelpCommand.class})
public final class WorkerCli implements Callable<Integer> {

    /** Exit code of a successful command. */
    public static final int OK = ExitCode.OK;
    /** Exit code of a command that failed while running. */
    public static final int FAILURE = ExitCode.SOFTWARE;
    /** Exit code of a command line that could not be understood. */
    public static final int USAGE = ExitCode.USAGE;
    /** Exit code of a command stopped by its own time limit, resumable by running it again. */
    public static final int STOPPED = 3;

    /** Width of the help text: the option column fits the longest spec option. */
    private static final int HELP_WIDTH = 110;
    private static final int OPTION_COLUMN = 34;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Spec
    private CommandSpec spec;

    private final Console console;

    private WorkerCli(Console console) {
        this.console = console;
    }

    /**
     * Runs a command line.
     *
     * @param console where to print
     * @param args the full argument list, command first
     * @return the exit code
     */
    public static int execute(Console console, String... args) {
        int code = commandLine(console).execute(args);
        console.out().flush();
        console.err().flush();
        return code;
    }

    /**
     * The picocli command line of the worker, printing to {@code console}.
     *
     * @param console where to print
     * @return the command line, ready to {@link CommandLine#execute}
     */
    public static CommandLine commandLine(Console console) {
        CommandLine cli = new CommandLine(new WorkerCli(console))
                .setOut(new PrintWriter(console.out(), true))
                .setErr(new PrintWriter(console.err(), true))
                .setColorScheme(Help.defaultColorScheme(console.interactive() ? Help.Ansi.AUTO : Help.Ansi.OFF))
                .setUsageHelpWidth(HELP_WIDTH)
                .setUsageHelpLongOptionsMaxWidth(OPTION_COLUMN)
                .setParameterExceptionHandler(WorkerCli::badUsage)
                .setExecutionExceptionHandler(WorkerCli::failed);
        cli.getCommandSpec().usageMessage().descriptionHeading("%n").optionListHeading("%nOptions:%n");
        cli.getSubcommands().values().forEach(c -> c.getCommandSpec().usageMessage()
                .descriptionHeading("%n").optionListHeading("%nOptions:%n").sortOptions(false));
        return cli;
    }

    /**
     * Where the commands print.
     *
     * @return the console
     */
    Console console() {
        return console;
    }

    /** Without a command: the overview, as bad usage (with a command or {@code --help} it is not reached). */
    @Override
    public Integer call() {
        spec.commandLine().usage(console.out());
        return USAGE;
    }

    private static int badUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched && command.getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + unmatched.getUnmatched().get(0) + "'";
        }
        return usageError(command, message, e);
    }

    private static int failed(Exception e, CommandLine command, ParseResult parsed) {
        if (e instanceof UsageException || e instanceof SpecValidationException) {
            return usageError(command, e.getMessage(), null);
        }
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
        } else {
            String message = e.getMessage();
            err.println(name + " failed: " + (message == null || message.isBlank() ? e.getClass().getSimpleName() : message));
            if (Boolean.getBoolean("worker.stacktrace")) {
                e.printStackTrace(err);
            }
        }
        err.flush();
        return FAILURE;
    }

    private static int usageError(CommandLine command, String message, ParameterException suggestionsOf) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + message);
        if (suggestionsOf != null) {
            UnmatchedArgumentException.printSuggestions(suggestionsOf, err);
        }
        err.println("Try '" + name + " --help' for usage.");
        err.flush();
        return USAGE;
    }
}
