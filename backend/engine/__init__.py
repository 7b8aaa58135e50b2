"""The runtime that walks journeys; only the RQ jobs (``backend.jobs``) call it.

The path of one step, from job to effect::

    jobs.queueing.enqueue_advance(ids)          scheduler tick or a service, after its commit
      └ jobs.lanes.enqueue(jobs.advance_job)    RQ: interactive lane first, then bulk
    jobs.jobs.advance_job(ids)                  a worker (backend.worker.AppWorker)
      └ engine.walker.advance_enrollments(ids)  rounds of BATCH enrollments, one transaction each:
          enrollment_rows.lock                  FOR UPDATE [SKIP LOCKED]; accounts locked too
                                                when the journey changes accounts
          snapshots.build_snapshots             the accounts in graph_engine's shape
          walker._Waves.run                     waves of graph_engine.advance(graph, state,
                                                snapshot, now) → Decision(steps, effects, state)
            actions.perform(effect, …)          rows into round.Round's buffers; account
                                                changes applied in memory (graph_engine's
                                                apply_effect) and staged in attributes.py
            round.Round.resolve()               per wave: CSMs from pools, exit rules
          enrollment_rows.write + Round.write   one UPDATE / COPY per table, then
          segments.membership.reevaluate_accounts   and commit — for bulk walks on
                                                PostgreSQL on a thread of its own, while
                                                the next round is walked (walker._Committing)
        walker._follow_up                       segment events and other journeys of the
                                                accounts the walk changed, same job
        walker._after_commit → delivery.deliver_outbox   claim, send (pooled SMTP), mark sent

Modules: ``walker`` (rounds, waves, failures), ``enrollment_rows`` (enrollments as plain
rows), ``round`` (what a round shares), ``actions`` (one handler per effect),
``attributes`` (account changes, checked and written once), ``snapshots``, ``graphs``
(parsed published versions), ``enrolling`` (segment events → enrollments), ``event_entry``
(product events → enrollments, each entry batch claimed once),
``delivery`` + ``smtp`` (email), ``errors`` (``ActionError``).
"""
