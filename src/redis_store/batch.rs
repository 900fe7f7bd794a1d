//! A flush's one-command operations on a single node as one pipeline: one send to
//! redis-rs's connection driver, one timeout, one reply for all of them. The pipeline is not
//! a transaction: the server runs each command on its own, and a server error in one
//! command's reply fails that operation alone.

use redis::aio::ConnectionManager;
use redis::{Pipeline, Value};

use super::command::{Reading, Simple, Step};
use super::connection::{Connection, Failure, Outcome};

/// Sends `operations` in their order; `deliver` gets the answers of those that need no command
/// at once, then the others' when the replies are in.
pub async fn send(
    connection: &Connection,
    mut manager: ConnectionManager,
    operations: Vec<(u32, Simple)>,
    deliver: impl Fn(Vec<(u32, Outcome)>),
) {
    let mut pipeline = Pipeline::with_capacity(operations.len());
    let mut done = Vec::new();
    let mut sent = Vec::with_capacity(operations.len());
    for (seq, operation) in operations {
        match operation.plan(connection) {
            Step::Done(outcome) => done.push((seq, outcome)),
            Step::Send(cmd, reading) => {
                pipeline.add_command(cmd);
                sent.push((seq, reading));
            }
        }
    }
    if !done.is_empty() {
        deliver(done);
    }
    if sent.is_empty() {
        return;
    }
    // One bound for the whole batch: redis-rs's own response timeout does not cover
    // (re)connecting, nor its retries.
    let replies = tokio::time::timeout(
        connection.command_timeout,
        manager.send_packed_commands(&pipeline, 0, sent.len()),
    )
    .await
    .map_or(Err(Failure::Timeout), |replies| {
        replies.map_err(Failure::from)
    });
    deliver(answers(sent, replies));
}

fn answers(sent: Vec<(u32, Reading)>, replies: Result<Vec<Value>, Failure>) -> Vec<(u32, Outcome)> {
    match replies {
        Ok(replies) => {
            let mut replies = replies.into_iter();
            sent.into_iter()
                .map(|(seq, reading)| {
                    let outcome = replies.next().map_or_else(
                        || {
                            Err(Failure::Command(
                                "Redis sent fewer replies than commands".to_owned(),
                            ))
                        },
                        |reply| reading.read(Ok(reply)),
                    );
                    (seq, outcome)
                })
                .collect()
        }
        Err(failure) => sent
            .into_iter()
            .map(|(seq, _)| (seq, Err(failure.clone())))
            .collect(),
    }
}
