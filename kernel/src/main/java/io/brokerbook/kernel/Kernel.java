package io.brokerbook.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.brokerbook.kernel.api.Handoff;
import io.brokerbook.kernel.api.Notebook;
import io.brokerbook.kernel.api.Renderers;
import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.kernel.magic.BuiltinMagics;
import io.brokerbook.kernel.magic.CellClasspath;
import io.brokerbook.kernel.magic.CodeMagic;
import io.brokerbook.kernel.magic.LoadMagic;
import io.brokerbook.kernel.magic.MagicCompletion;
import io.brokerbook.kernel.magic.PathCompleter;
import io.brokerbook.kernel.magic.TimeMagic;
import io.brokerbook.kernel.magic.VarsMagic;
import io.brokerbook.kernel.maven.KernelArtifacts;
import io.brokerbook.kernel.maven.MavenMagics;
import io.brokerbook.kernel.maven.ResolverLoader;
import io.brokerbook.kernel.magic.MagicDispatcher;
import io.brokerbook.kernel.magic.MagicTable;
import io.brokerbook.kernel.output.CellOutput;
import io.brokerbook.kernel.output.InputRequester;
import io.brokerbook.kernel.output.OutputRouter;
import io.brokerbook.kernel.output.StdinBridge;
import io.brokerbook.kernel.protocol.Channel;
import io.brokerbook.kernel.protocol.ConnectionInfo;
import io.brokerbook.kernel.protocol.IOPub;
import io.brokerbook.kernel.protocol.Message;
import io.brokerbook.kernel.protocol.MessageSigner;
import io.brokerbook.kernel.protocol.Messages;
import io.brokerbook.kernel.protocol.WireCodec;
import io.brokerbook.kernel.protocol.ZmqTransport;
import io.brokerbook.magics.MagicExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One kernel process: wires the transport, the request handlers, JShell and the magic packs, and
 * shuts all of it down. Shell requests other than execute are answered on the shell thread at
 * once, so kernel_info and completion answer while a cell runs.
 */
public final class Kernel {
    /** Looked up when something is logged: the kernel starts without starting log4j (see KernelLogging). */
    private static Logger log() {
        return LoggerFactory.getLogger(Kernel.class);
    }
    private static final String VERSION = "0.1.0";

    private final ConnectionInfo info;
    private final KernelWorkDir workDir;
    private final Path logFile;
    private final PrintStream consoleErr;
    private final Messages messages = new Messages();
    private final History history = new History();
    private final MagicTable magics = new MagicTable();
    private final MagicCompletion completion = new MagicCompletion(magics);
    private final Renderers renderers = Renderers.withDefaults();
    private final CompletableFuture<JavaEvaluator> jshell;
    /** JShell once the kernel's magics and packs are registered: what cells, completion and inspection use. */
    private final CompletableFuture<JavaEvaluator> java = new CompletableFuture<>();
    /** display(…) and the packs' variables, defined in JShell when first needed. */
    private final CompletableFuture<DeferredDefinitions> deferred = new CompletableFuture<>();
    private final CompletableFuture<CellRunner> runner = new CompletableFuture<>();
    private final ExecutorService shellThread = Executors.newSingleThreadExecutor(daemon("brokerbook-shell"));
    private final ExecutorService controlThread = Executors.newSingleThreadExecutor(daemon("brokerbook-control"));
    /** Completion and inspection, which may wait for JShell right after start without holding up other requests. */
    private final ExecutorService codeRequestThread = Executors.newSingleThreadExecutor(daemon("brokerbook-complete"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("brokerbook-output"));
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private KernelHostImpl host;
    private OutputRouter router;
    private ZmqTransport transport;
    private IOPub iopub;
    private ExecutionService execution;

    /** @param jshell JShell with the prelude's first import, being started (see {@link Prelude#startInBackground}) */
    public Kernel(ConnectionInfo info, Path workDir, Path logFile, PrintStream consoleErr,
                  CompletableFuture<JavaEvaluator> jshell) {
        this.info = info;
        this.workDir = new KernelWorkDir(workDir);
        this.logFile = logFile;
        this.consoleErr = consoleErr;
        this.jshell = jshell;
    }

    /** Binds the sockets and answers kernel_info at once; JShell warms up in the background. */
    public void start() {
        host = new KernelHostImpl(workDir.path(), logFile, renderers, completion::addCompleter);
        router = new OutputRouter(consoleErr);
        router.install();
        new StdinBridge(this::inputOfCurrentCell).install();
        Thread warmUp = new Thread(this::startJava, "brokerbook-kernel-start");
        warmUp.setDaemon(true);
        warmUp.start();
        transport = new ZmqTransport(info, new WireCodec(new MessageSigner(info.key(), info.signatureScheme())),
            this::onMessage);
        iopub = new IOPub(transport, messages);
        execution = new ExecutionService(transport, messages, iopub, router, history, java, runner, renderers, timer);
        transport.start();
        StartupClock.mark("sockets bound");
        iopub.status(null, "starting");
        execution.start();
    }

    private InputRequester inputOfCurrentCell() {
        CellOutput out = router.target();
        return out == null ? null : out.input();
    }

    /**
     * Registers the kernel's magics and the packs (while JShell may still be warming up), then puts the display
     * functions and the packs' variables into JShell and opens it to cells.
     */
    private void startJava() {
        try {
            workDir.create(); // before any pack can use it; beside JShell's start, not on its path
            StartupClock.mark("work dir made, its guard started");
            CellClasspath classpath = new CellClasspath(path -> jshell.join().addToClasspath(path));
            new BuiltinMagics(magics, classpath).registerAll();
            magics.register(new VarsMagic(() -> jshell.join().variables()).magic());
            new MavenMagics(classpath, ResolverLoader::load, KernelArtifacts::ofThisKernel).registerAll(magics);
            completion.addCompleter("load", new PathCompleter(".jsh", ".java"));
            completion.addCompleter("jars", new PathCompleter(".jar"));
            completion.addCompleter("classpath", new PathCompleter(".jar"));
            completion.addCompleter("help", r -> r.positionals().isEmpty()
                ? magics.all().stream().map(m -> m.name()).toList() : List.of());
            Map<String, CodeMagic> codeMagics = new HashMap<>();
            for (CodeMagic m : List.of(new TimeMagic(), new LoadMagic())) {
                magics.register(m.magic());
                codeMagics.put(m.magic().name(), m);
            }
            loadExtensions();
            Map<String, Optional<Set<String>>> importedNames = new LinkedHashMap<>();
            Prelude.LATER_IMPORTS.forEach(i -> importedNames.put(i, ImportedNames.of(i)));
            StartupClock.mark("magic packs registered, imported names listed");
            JavaEvaluator evaluator = jshell.join();
            StartupClock.mark("JShell started, first import made");
            DeferredDefinitions later = new DeferredDefinitions(evaluator);
            importedNames.forEach((declaration, names) -> {
                if (names.isPresent()) {
                    later.add(names.get(), declaration);
                } else {
                    log().warn("No names known for {}: made at start", declaration);
                    evaluator.evalInternal(declaration);
                }
            });
            later.add(Prelude.DISPLAY_NAMES, Prelude.displaySource(new Notebook(renderers, router::target)));
            host.bindWith(b -> later.add(Set.of(b.name()), Prelude.binding(b.name(), b.type(), Handoff.put(b.value()))));
            deferred.complete(later);
            runner.complete(new CellRunner(evaluator, later, new MagicDispatcher(magics), codeMagics, renderers));
            java.complete(evaluator);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                ? t.getCause() : t;
            log().error("JShell could not start", cause);
            java.completeExceptionally(cause);
            deferred.completeExceptionally(cause);
            runner.completeExceptionally(cause);
        }
    }

    private void loadExtensions() {
        for (ServiceLoader.Provider<MagicExtension> p : ServiceLoader.load(MagicExtension.class).stream().toList()) {
            try {
                p.get().register(magics, host);
            } catch (RuntimeException | ServiceConfigurationError e) {
                log().error("Magic extension {} failed to load", p.type().getName(), e);
            }
        }
    }

    private void onMessage(Channel channel, Message m) {
        switch (channel) {
            case SHELL -> {
                if (m.type().equals("execute_request")) {
                    execution.submit(m);
                } else if (m.type().equals("complete_request") || m.type().equals("inspect_request")) {
                    codeRequestThread.execute(() -> handle(Channel.SHELL, m));
                } else {
                    shellThread.execute(() -> handle(Channel.SHELL, m));
                }
            }
            case CONTROL -> controlThread.execute(() -> handle(Channel.CONTROL, m));
            case STDIN -> {
                if (m.type().equals("input_reply")) {
                    execution.onInputReply(m);
                }
            }
            default -> log().warn("Unexpected {} message on {}", m.type(), channel);
        }
    }

    private void handle(Channel channel, Message m) {
        iopub.status(m.header(), "busy");
        try {
            JsonObject reply = switch (m.type()) {
                case "kernel_info_request" -> {
                    StartupClock.mark("kernel_info_request");
                    yield kernelInfo();
                }
                case "complete_request" -> Requests.complete(m.content(), withEverythingDefined(), completion);
                case "inspect_request" -> Requests.inspect(m.content(), withEverythingDefined(), completion);
                case "is_complete_request" -> Requests.isComplete(m.content(), java);
                case "history_request" -> Requests.history(m.content(), history);
                case "comm_info_request" -> commInfo();
                case "interrupt_request" -> {
                    execution.interrupt();
                    yield ok();
                }
                case "shutdown_request" -> shutdownReply(m);
                case "comm_open" -> {
                    closeUnknownComm(m);
                    yield null;
                }
                case "comm_msg", "comm_close" -> null;
                default -> {
                    log().warn("No handler for {} on {}", m.type(), channel);
                    yield null;
                }
            };
            if (reply != null) {
                String type = m.type().replace("_request", "_reply");
                transport.send(channel, messages.reply(m, type, reply));
            }
        } catch (RuntimeException e) {
            log().error("Handling {} failed", m.type(), e);
            JsonObject error = IOPub.errorContent(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), List.of());
            error.addProperty("status", "error");
            transport.send(channel, messages.reply(m, m.type().replace("_request", "_reply"), error));
        } finally {
            iopub.status(m.header(), "idle");
        }
        if (m.type().equals("shutdown_request")) {
            shutdownRequested.countDown();
        }
    }

    /** JShell with the deferred definitions made, so completion offers {@code kafka} and inspection knows it. */
    private CompletableFuture<JavaEvaluator> withEverythingDefined() {
        return java.thenApply(e -> {
            deferred.join().defineAllIfIdle();
            return e;
        });
    }

    private JsonObject kernelInfo() {
        JsonObject language = new JsonObject();
        language.addProperty("name", "java");
        language.addProperty("version", Runtime.version().toString());
        language.addProperty("mimetype", "text/x-java-source");
        language.addProperty("file_extension", ".java");
        language.addProperty("codemirror_mode", "text/x-java");
        language.addProperty("pygments_lexer", "java");
        JsonObject r = ok();
        r.addProperty("protocol_version", Messages.PROTOCOL_VERSION);
        r.addProperty("implementation", "brokerbook");
        r.addProperty("implementation_version", VERSION);
        r.add("language_info", language);
        r.addProperty("banner", "Brokerbook " + VERSION + " — Java " + Runtime.version().feature()
            + " (JShell) with an in-JVM Kafka cluster and Redis. %lsmagic lists the magics.");
        JsonArray links = new JsonArray();
        JsonObject link = new JsonObject();
        link.addProperty("text", "Brokerbook magics (%lsmagic)");
        link.addProperty("url", "https://kafka.apache.org/documentation/");
        links.add(link);
        r.add("help_links", links);
        r.addProperty("debugger", false);
        return r;
    }

    private static JsonObject commInfo() {
        JsonObject r = ok();
        r.add("comms", new JsonObject());
        return r;
    }

    private void closeUnknownComm(Message m) {
        JsonObject c = new JsonObject();
        c.add("comm_id", m.content().get("comm_id"));
        c.add("data", new JsonObject());
        iopub.raw(m.header(), "comm_close", c);
    }

    private JsonObject shutdownReply(Message m) {
        JsonObject r = ok();
        boolean restart = m.content().has("restart") && m.content().get("restart").getAsBoolean();
        r.addProperty("restart", restart);
        iopub.raw(m.header(), "shutdown_reply", r);
        return r;
    }

    static JsonObject ok() {
        JsonObject r = new JsonObject();
        r.addProperty("status", "ok");
        return r;
    }

    public void awaitShutdownRequest() throws InterruptedException {
        shutdownRequested.await();
    }

    /**
     * Stops everything the kernel started — running cell, magic packs' servers and clusters,
     * JShell, sockets — and removes the work dir. Safe to call twice (shutdown_request, then the
     * JVM's shutdown hook on SIGTERM or exit).
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(9000);
                consoleErr.println("brokerbook: shutdown took too long, halting");
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException ignored) {
                // shutdown finished in time
            }
        }, "brokerbook-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        if (execution != null) {
            execution.stop();
        }
        if (host != null) {
            host.closeResources();
        }
        jshell.thenAccept(JavaEvaluator::close);
        shellThread.shutdownNow();
        codeRequestThread.shutdownNow();
        controlThread.shutdownNow();
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (transport != null) {
            transport.close();
        }
        workDir.close();
        watchdog.interrupt();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
