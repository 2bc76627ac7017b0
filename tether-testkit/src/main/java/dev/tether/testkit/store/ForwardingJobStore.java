package dev.tether.testkit.store;

import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.NewJob;
import dev.tether.store.NewUserMessage;
import dev.tether.store.StoredJob;
import dev.tether.store.StoredMessage;
import dev.tether.store.Submitted;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link JobStore} that passes every call to another: tests extend it and override the one call they hold back
 * or watch (to make a race happen in a set order), so the real store does the rest.
 */
public class ForwardingJobStore implements JobStore {
    protected final JobStore jobs;

    public ForwardingJobStore(JobStore jobs) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    @Override
    public Submitted submitUserMessage(NewUserMessage message, Lane lane) {
        return jobs.submitUserMessage(message, lane);
    }

    @Override
    public StoredJob enqueue(NewJob job) {
        return jobs.enqueue(job);
    }

    @Override
    public void finish(long jobId) {
        jobs.finish(jobId);
    }

    @Override
    public void reschedule(long jobId, int attempts, Instant notBefore, String lastError) {
        jobs.reschedule(jobId, attempts, notBefore, lastError);
    }

    @Override
    public List<StoredJob> openJobs() {
        return jobs.openJobs();
    }

    @Override
    public Optional<StoredJob> openReply(long userMessageId) {
        return jobs.openReply(userMessageId);
    }

    @Override
    public List<StoredMessage> interruptStreaming() {
        return jobs.interruptStreaming();
    }
}
