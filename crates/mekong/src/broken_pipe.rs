//! Ends the process quietly when standard output is closed, as in `mekong … | head`.
//!
//! Rust ignores SIGPIPE, so a write to a closed pipe fails with EPIPE and `println!`
//! panics with "failed printing to stdout". The panic hook installed here turns that
//! one panic into exit code 141 without a message. A shell reports 141 (128 + SIGPIPE)
//! for a process that SIGPIPE ended. Every other panic keeps the default report.
//!
//! NOTE: the process exits inside the hook without unwinding, so a command stops at
//! its first failed print and the steps after that print do not run.

use std::any::Any;
use std::io;
use std::panic::PanicHookInfo;

/// The exit code of a command whose standard output was closed.
pub const CLOSED_STDOUT_EXIT: i32 = 141;

/// `EPIPE`, the same number on Linux, macOS and the BSDs.
const EPIPE: i32 = 32;

/// Installs the panic hook; call it first in `main`, before anything prints.
pub fn exit_quietly_on_closed_stdout() {
    let default_hook = std::panic::take_hook();
    let broken_pipe = io::Error::from_raw_os_error(EPIPE).to_string();

    std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
        if is_closed_stdout(info.payload(), &broken_pipe) {
            std::process::exit(CLOSED_STDOUT_EXIT);
        }
        default_hook(info);
    }));
}

/// Tells whether a panic is the one `print!` raises when standard output is a closed pipe.
fn is_closed_stdout(payload: &(dyn Any + Send), broken_pipe: &str) -> bool {
    let message = match payload.downcast_ref::<String>() {
        Some(message) => message.as_str(),
        None => payload.downcast_ref::<&str>().copied().unwrap_or_default(),
    };
    message.starts_with("failed printing to stdout") && message.contains(broken_pipe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_panic_recognised() {
        let broken_pipe = io::Error::from_raw_os_error(EPIPE).to_string();
        let payload: Box<dyn Any + Send> = Box::new(format!("failed printing to stdout: {broken_pipe}"));
        assert!(is_closed_stdout(payload.as_ref(), &broken_pipe));
    }

    #[test]
    fn other_panics_not_recognised() {
        let broken_pipe = io::Error::from_raw_os_error(EPIPE).to_string();
        let stderr: Box<dyn Any + Send> = Box::new(format!("failed printing to stderr: {broken_pipe}"));
        let other: Box<dyn Any + Send> = Box::new("index out of bounds");
        assert!(!is_closed_stdout(stderr.as_ref(), &broken_pipe));
        assert!(!is_closed_stdout(other.as_ref(), &broken_pipe));
    }
}
