//! Running blocking store and pipeline calls off the async runtime.

use crate::error::WebError;

/// Runs a blocking call on tokio's blocking thread pool and returns its result.
pub(crate) async fn run<T, E, F>(call: F) -> Result<T, WebError>
where
    F: FnOnce() -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
    WebError: From<E>,
{
    let result = tokio::task::spawn_blocking(call).await?;
    Ok(result?)
}
