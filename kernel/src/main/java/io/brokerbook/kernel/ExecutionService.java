package io.brokerbook.kernel;

import com.google.gson.JsonObject;
import io.brokerbook.kernel.api.Renderers;
import io.brokerbook.kernel.jshell.JavaEvaluator;
import io.brokerbook.kernel.output.CellOutput;
import io.brokerbook.kernel.output.InputRequester;
import io.brokerbook.kernel.output.OutputRouter;
import io.brokerbook.kernel.protocol.Channel;
import io.brokerbook.kernel.protocol.IOPub;
import io.brokerbook.kernel.protocol.Message;
import io.brokerbook.kernel.protocol.Messages;
import io.brokerbook.kernel.protocol.ZmqTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs execute_requests one at a time on its own thread, in arrival order: busy, execute_input,
 * the cell's output, execute_reply, idle. Honours silent, store_history, user_expressions,
 * allow_stdin and stop_on_error, and is what an interrupt_request stops.
 */
final class ExecutionService {
    /** Looked up when something is logged: the kernel starts without starting log4j (see KernelLogging). */
    private static Logger log() {
        return LoggerFactory.getLogger(ExecutionService.class);
    }

    private final ZmqTransport transport;
    private final Messages messages;
    private final IOPub iopub;
    private final OutputRouter router;
    private final History history;
    private final CompletableFuture<CellRunner> runner;
    private final CompletableFuture<JavaEvaluator> java;
    private final Renderers renderers;
    private final ScheduledExecutorService timer;
    private final BlockingQueue<ExecuteRequest> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<Message> inputReplies = new LinkedBlockingQueue<>();
    private final AtomicLong arrivals = new AtomicLong();
    private final Thread thread;
    private volatile long abortUpTo = -1;
    private volatile CellContext current;
    /** The non-silent execute_request running now (its header), where late display updates are parented. */
    private final AtomicReference<JsonObject> executingParent = new AtomicReference<>();
    /** Held while an interrupt acts on the running cell, and while the cell ends (so no interrupt lands after it). */
    private final Object interruptLock = new Object();
    private volatile boolean javaRunning;
    /** Set when the kernel shuts down: JShell closes under whatever runs (the deferred definitions, say). */
    private volatile boolean stopping;
    private int executionCount;
    private boolean firstReplied;

    ExecutionService(ZmqTransport transport, Messages messages, IOPub iopub, OutputRouter router, History history,
                     CompletableFuture<JavaEvaluator> java, CompletableFuture<CellRunner> runner, Renderers renderers,
                     ScheduledExecutorService timer) {
        this.transport = transport;
        this.messages = messages;
        this.iopub = iopub;
        this.router = router;
        this.history = history;
        this.java = java;
        this.runner = runner;
        this.renderers = renderers;
        this.timer = timer;
        this.thread = new Thread(this::loop, "brokerbook-execute");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void submit(Message m) {
        queue.add(ExecuteRequest.of(m, arrivals.incrementAndGet()));
    }

    void onInputReply(Message m) {
        inputReplies.add(m);
    }

    /** Stops the running cell: JShell's stop for Java code, thread interrupt and hooks for magics. */
    void interrupt() {
        synchronized (interruptLock) {
            CellContext c = current;
            if (c == null) {
                return;
            }
            c.interrupt();
            if (javaRunning) {
                java.join().stop();
            } else {
                thread.interrupt();
            }
        }
    }

    void stop() {
        stopping = true;
        interrupt();
        thread.interrupt();
    }

    private void loop() {
        while (true) {
            ExecuteRequest req;
            try {
                req = queue.take();
            } catch (InterruptedException e) {
                if (current == null && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            try {
                handle(req);
            } catch (RuntimeException e) {
                if (!stopping) {
                    log().error("Execute request failed inside the kernel", e);
                }
            }
            Thread.interrupted();
        }
    }

    private void handle(ExecuteRequest req) {
        JsonObject parent = req.message().header();
        iopub.status(parent, "busy");
        if (req.arrival() <= abortUpTo) {
            JsonObject aborted = new JsonObject();
            aborted.addProperty("status", "aborted");
            aborted.addProperty("execution_count", executionCount);
            reply(req, aborted);
            iopub.status(parent, "idle");
            return;
        }
        if (req.storeHistory()) {
            executionCount++;
        }
        int count = executionCount;
        if (!req.silent()) {
            iopub.executeInput(parent, req.code(), count);
        }
        CellOutput out = new CellOutput(parent, req.silent(), iopub, timer,
            req.allowStdin() ? inputRequester(req.message()) : null, executingParent::get);
        CellContext ctx = new CellContext(out);
        CellError error = null;
        JsonObject expressions = new JsonObject();
        current = ctx;
        router.enter(out);
        if (!req.silent()) {
            executingParent.set(parent);
        }
        try {
            runner.join().run(req.code(), count, ctx, () -> javaRunning = true, () -> javaRunning = false);
            expressions = userExpressions(req.userExpressions());
        } catch (CellError e) {
            error = ctx.interrupted() ? CellRunner.interrupted() : e;
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            log().error("Cell failed inside the kernel", e);
            error = ctx.interrupted() ? CellRunner.interrupted()
                : CellError.oneLine("KernelError", "The kernel could not run this cell: " + e + " (details in the kernel log)");
        } finally {
            javaRunning = false;
            synchronized (interruptLock) {
                current = null;
                Thread.interrupted(); // an interrupt meant for the cell must not fail the sends of its outputs and reply
            }
            router.leave();
            executingParent.set(null);
            out.flush();
        }
        if (req.storeHistory()) {
            history.add(count, req.code());
        }
        JsonObject content;
        if (error == null) {
            content = new JsonObject();
            content.addProperty("status", "ok");
            content.addProperty("execution_count", count);
            content.add("user_expressions", expressions);
            content.add("payload", new com.google.gson.JsonArray());
        } else {
            if (!req.silent()) {
                iopub.error(parent, error.ename(), error.evalue(), error.traceback());
            }
            content = IOPub.errorContent(error.ename(), error.evalue(), error.traceback());
            content.addProperty("status", "error");
            content.addProperty("execution_count", count);
            content.add("user_expressions", new JsonObject());
            content.add("payload", new com.google.gson.JsonArray());
            if (req.stopOnError()) {
                abortUpTo = arrivals.get();
            }
        }
        reply(req, content);
        iopub.status(parent, "idle");
        if (!firstReplied) {
            firstReplied = true;
            StartupClock.mark("first cell replied");
            if (!runner.isCompletedExceptionally()) {
                runner.join().afterFirstCell();
            }
            KernelLogging.startInBackground(); // ready before the lab's servers or a table need it
        }
    }

    private void reply(ExecuteRequest req, JsonObject content) {
        transport.send(Channel.SHELL, messages.reply(req.message(), "execute_reply", content));
    }

    private JsonObject userExpressions(Map<String, String> expressions) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            JsonObject r = new JsonObject();
            try {
                runner.join().prepareFor(e.getValue());
                Object value = java.join().eval(e.getValue(), "user expression '" + e.getKey() + "'", 1, n -> { })
                    .map(JavaEvaluator.Value::object).orElse(null);
                r.addProperty("status", "ok");
                r.add("data", IOPub.bundle(renderers.render(value).data(), Map.of(), null).get("data"));
                r.add("metadata", new JsonObject());
            } catch (CellError err) {
                r = IOPub.errorContent(err.ename(), err.evalue(), err.traceback());
                r.addProperty("status", "error");
            }
            out.add(e.getKey(), r);
        }
        return out;
    }

    private InputRequester inputRequester(Message request) {
        return (prompt, password) -> {
            inputReplies.clear();
            JsonObject c = new JsonObject();
            c.addProperty("prompt", prompt);
            c.addProperty("password", password);
            CellOutput target = router.target();
            if (target != null) {
                target.flush();
            }
            transport.send(Channel.STDIN, new Message(request.identities(), messages.header("input_request"),
                request.header(), new JsonObject(), c, List.of()));
            Message reply = inputReplies.take();
            JsonObject rc = reply.content();
            return rc.has("value") ? rc.get("value").getAsString() : "";
        };
    }
}
