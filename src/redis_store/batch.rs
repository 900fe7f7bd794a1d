//! A flush's one-command operations on a single node as one pipeline: one send to
//! redis-rs's connection driver, one timeout, one reply for all of them. The pipeline is not
//! a transaction: the server runs each command on its own, and a server error in one
//! command's reply fails that operation alone.

use redis::aio::ConnectionManager;
use redis::{Pipeline, Value};

use super::command::{Reading, Simple, Step};
use super::connection::{Connection, Failure, Outcome};

/// An operation of the batch: answered without a command, or waiting for its reply.
enum Planned {
    Done(Outcome),
    Sent(Reading),
}

/// Sends `operations` in their order and answers each, in the same order.
pub async fn send(
    connection: &Connection,
    mut manager: ConnectionManager,
    operations: Vec<(u32, Simple)>,
) -> Vec<(u32, Outcome)> {
    let mut pipeline = Pipeline::with_capacity(operations.len());
    let mut planned = Vec::with_capacity(operations.len());
    for (seq, operation) in operations {
        match operation.plan(connection) {
            Step::Done(outcome) => planned.push((seq, Planned::Done(outcome))),
            Step::Send(cmd, reading) => {
                pipeline.add_command(cmd);
                planned.push((seq, Planned::Sent(reading)));
            }
        }
    }
    let count = pipeline.len();
    let replies = if count == 0 {
        Ok(Vec::new())
    } else {
        // One bound for the whole batch: redis-rs's own response timeout does not cover
        // (re)connecting, nor its retries.
        tokio::time::timeout(
            connection.command_timeout,
            manager.send_packed_commands(&pipeline, 0, count),
        )
        .await
        .map_or(Err(Failure::Timeout), |sent| sent.map_err(Failure::from))
    };
    answers(planned, replies)
}

fn answers(
    planned: Vec<(u32, Planned)>,
    replies: Result<Vec<Value>, Failure>,
) -> Vec<(u32, Outcome)> {
    match replies {
        Ok(replies) => {
            let mut replies = replies.into_iter();
            planned
                .into_iter()
                .map(|(seq, planned)| match planned {
                    Planned::Done(outcome) => (seq, outcome),
                    Planned::Sent(reading) => (
                        seq,
                        replies.next().map_or_else(
                            || {
                                Err(Failure::Command(
                                    "Redis sent fewer replies than commands".to_owned(),
                                ))
                            },
                            |reply| reading.read(Ok(reply)),
                        ),
                    ),
                })
                .collect()
        }
        Err(failure) => planned
            .into_iter()
            .map(|(seq, planned)| match planned {
                Planned::Done(outcome) => (seq, outcome),
                Planned::Sent(_) => (seq, Err(failure.clone())),
            })
            .collect(),
    }
}
