package dev.tether.store.jdbc;

import dev.tether.store.AppendResult;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewJob;
import dev.tether.store.NewUserMessage;
import dev.tether.store.Role;
import dev.tether.store.StoreException;
import dev.tether.store.StoredJob;
import dev.tether.store.StoredMessage;
import dev.tether.store.Submitted;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@link JobStore} half of {@link JdbcConversationStore}, on the store's own transactions. */
final class JobOperations {
    private static final String HINT = " Retry the call; a repeated submit is deduplicated by its client message id.";

    private final JdbcConversationStore store;

    JobOperations(JdbcConversationStore store) {
        this.store = store;
    }

    Submitted submitUserMessage(NewUserMessage message, Lane lane) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(lane, "lane");
        return store.write("submitUserMessage", HINT, h -> {
            AppendResult append = store.appendUser(h, message);
            if (append.duplicate()) {
                return new Submitted(append, JobSql.forUserMessage(h, append.message().id()));
            }
            StoredJob job = JobSql.insert(h, NewJob.reply(message.conversationId(), append.message().id(), lane),
                    store.now());
            return new Submitted(append, Optional.of(job));
        });
    }

    StoredJob enqueue(NewJob job) {
        Objects.requireNonNull(job, "job");
        return store.write("enqueue", "", h -> {
            if (job.conversationId().isPresent()) {
                store.lockConversation(h, job.conversationId().get());
            }
            if (job.userMessageId() > 0) {
                StoredMessage message = MessageSql.find(h, job.userMessageId())
                        .filter(m -> job.conversationId().map(m.conversationId()::equals).orElse(true))
                        .orElseThrow(() -> new StoreException.NotFound("No message " + job.userMessageId()
                                + " in conversation " + job.conversationId().orElse("(none)")
                                + " to queue a job for. Pass the id of one of its stored messages."));
                if (job.kind().equals(NewJob.REPLY) && message.role() != Role.USER) {
                    throw new IllegalArgumentException("Message " + job.userMessageId() + " is a " + message.role()
                            + " message; only user messages can be answered.");
                }
                if (job.kind().equals(NewJob.REPLY)) {
                    EditCheck.checkNotEdited(h, message.conversationId(), message.id());
                }
                Optional<StoredJob> open = JobSql.forUserMessage(h, job.userMessageId());
                if (open.isPresent()) {
                    return open.get();
                }
            }
            return JobSql.insert(h, job, store.now());
        });
    }

    void finish(long jobId) {
        store.write("finish", "", h -> {
            JobSql.delete(h, jobId);
            return null;
        });
    }

    void reschedule(long jobId, int attempts, Instant notBefore, String lastError) {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(lastError, "lastError");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0 but was " + attempts);
        }
        store.write("reschedule", "", h -> {
            if (JobSql.reschedule(h, jobId, attempts, notBefore, lastError) == 0) {
                throw new StoreException.NotFound("No open job with id " + jobId + " to reschedule. It has finished "
                        + "already, or the id is wrong.");
            }
            return null;
        });
    }

    List<StoredJob> openJobs() {
        return store.read("openJobs", JobSql::all);
    }

    Optional<StoredJob> openReply(long userMessageId) {
        return store.read("openReply", h -> JobSql.forUserMessage(h, userMessageId));
    }

    List<StoredMessage> interruptStreaming() {
        return store.write("interruptStreaming", "", h -> {
            List<StoredMessage> found = JobSql.streaming(h);
            for (StoredMessage m : found) {
                JobSql.interrupt(h, m.id(),
                        ConversationSql.touchMessages(h, m.conversationId(), store.now().toEpochMilli()));
            }
            return found.stream().map(JobOperations::interrupted).toList();
        });
    }

    private static StoredMessage interrupted(StoredMessage m) {
        return m.withStatus(MessageStatus.INTERRUPTED);
    }
}
