//! Whole-request errors of the API, returned as `{"error": "...", "code": "..."}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An API request that failed as a whole, as opposed to one rejected transaction.
#[derive(Debug, Serialize)]
pub(crate) struct ApiError {
    #[serde(skip)]
    status: StatusCode,
    /// The explanation for a person reading the client's log.
    error: String,
    /// A stable code for programs.
    code: &'static str,
    /// The line of a JSON syntax error, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    /// The column of a JSON syntax error, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    /// Details of each bad query parameter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ParamError>,
}

/// One bad query parameter.
#[derive(Debug, Serialize)]
pub(crate) struct ParamError {
    /// The parameter's name.
    pub param: &'static str,
    /// The value as given.
    pub value: String,
    /// A stable code.
    pub code: &'static str,
    /// The explanation.
    pub reason: String,
}

impl ApiError {
    /// Creates an error with a status, a stable code and a message.
    pub(crate) fn new(status: StatusCode, code: &'static str, error: String) -> ApiError {
        ApiError { status, error, code, line: None, column: None, errors: Vec::new() }
    }

    /// Adds the position of a JSON syntax error.
    pub(crate) fn at(mut self, line: usize, column: usize) -> ApiError {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Adds the details of bad query parameters.
    pub(crate) fn with_params(mut self, errors: Vec<ParamError>) -> ApiError {
        self.errors = errors;
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self)).into_response()
    }
}
