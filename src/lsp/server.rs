//! The server loop: reads JSON-RPC messages (`Content-Length` framing, `lsp-server`) one
//! at a time and handles each in order before reading the next: `initialize` (the
//! capabilities and the position encoding), the document notifications (the plan read
//! again and its diagnostics published), the requests of each feature, `shutdown`, `exit`.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    LogMessage, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, CodeLensRequest, Completion, DocumentSymbolRequest, GotoDefinition,
    HoverRequest, InlayHintRequest, PrepareRenameRequest, References, Rename, Request as _,
    WorkspaceSymbolRequest,
};
use lsp_types::{
    InitializeParams, InitializeResult, LogMessageParams, MessageType, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::documents::Documents;
use super::position::Encoding;
use super::workspace::Workspace;
use super::{actions, completion, diagnostics, hints, hover, navigate, rename, symbols, uri};

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// `exit` after `shutdown`: the protocol's clean end (exit code 0).
    Clean,
    /// `exit` without `shutdown`, or the input closed: exit code 1, as the protocol asks.
    Abrupt,
}

/// One session's state.
struct Server<'a> {
    out: &'a mut dyn Write,
    encoding: Encoding,
    documents: Documents,
    workspace: Workspace,
    /// The files whose diagnostics were last published non-empty or as part of the plan,
    /// to clear when they leave it.
    published: Vec<PathBuf>,
    shutdown: bool,
}

/// Serves one client reading `input` and writing `output` until `exit` or the end of the
/// input. `today` is the as-of date of every number shown.
///
/// Errors: reading or writing the streams fails, or a message is not JSON-RPC.
pub fn serve(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    today: NaiveDate,
) -> anyhow::Result<End> {
    let mut server = Server {
        out: output,
        encoding: Encoding::Utf16,
        documents: Documents::default(),
        workspace: Workspace::new(None, None, today),
        published: Vec::new(),
        shutdown: false,
    };
    let mut initialized = false;
    while let Some(message) = Message::read(&mut &mut *input)? {
        match message {
            Message::Request(request) if !initialized => {
                if request.method == "initialize" {
                    server.initialize(request)?;
                    initialized = true;
                } else {
                    let e = "the server is not initialized yet".to_string();
                    let code = ErrorCode::ServerNotInitialized as i32;
                    server.send(Response::new_err(request.id, code, e))?;
                }
            }
            Message::Notification(n) if n.method == "exit" => {
                return Ok(if server.shutdown {
                    End::Clean
                } else {
                    End::Abrupt
                });
            }
            Message::Notification(_) | Message::Response(_) if !initialized => {}
            Message::Request(request) => server.request(request)?,
            Message::Notification(notification) => server.notification(notification)?,
            Message::Response(_) => {}
        }
    }
    Ok(End::Abrupt)
}

/// The `initializationOptions` the server reads.
#[derive(Debug, Default, serde::Deserialize)]
struct Options {
    /// The main plan file, relative to the workspace folder.
    plan: Option<PathBuf>,
}

impl Server<'_> {
    /// Answers `initialize`: the encoding negotiated, the plan looked for from the first
    /// workspace folder (or the root URI), the capabilities.
    fn initialize(&mut self, request: Request) -> anyhow::Result<()> {
        let params: InitializeParams = match serde_json::from_value(request.params) {
            Ok(p) => p,
            Err(e) => return self.send(invalid(request.id, &e)),
        };
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        self.encoding = Encoding::negotiate(offered);
        #[allow(deprecated)] // `root_uri`: the fallback of clients without workspace folders
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| &f.uri)
            .or(params.root_uri.as_ref())
            .and_then(uri::to_path);
        let options: Options = params
            .initialization_options
            .and_then(|o| serde_json::from_value(o).ok())
            .unwrap_or_default();
        self.workspace = Workspace::new(
            root.as_deref(),
            options.plan.as_deref(),
            self.workspace.today,
        );
        let result = InitializeResult {
            capabilities: self.capabilities(),
            server_info: Some(ServerInfo {
                name: "northstar".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        };
        self.send(Response::new_ok(request.id, result))
    }

    /// What the server can do.
    fn capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
            rename_provider: Some(OneOf::Right(lsp_types::RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
            })),
            inlay_hint_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(lsp_types::CodeActionProviderCapability::Options(
                lsp_types::CodeActionOptions {
                    code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX]),
                    ..lsp_types::CodeActionOptions::default()
                },
            )),
            code_lens_provider: Some(lsp_types::CodeLensOptions {
                resolve_provider: Some(false),
            }),
            completion_provider: Some(lsp_types::CompletionOptions {
                trigger_characters: Some(vec!["\"".to_string()]),
                ..lsp_types::CompletionOptions::default()
            }),
            ..ServerCapabilities::default()
        }
    }

    /// Answers one request.
    fn request(&mut self, request: Request) -> anyhow::Result<()> {
        if self.shutdown {
            let e = "the server is shutting down".to_string();
            let code = ErrorCode::InvalidRequest as i32;
            return self.send(Response::new_err(request.id, code, e));
        }
        if request.method == "shutdown" {
            self.shutdown = true;
            return self.send(Response::new_ok(request.id, ()));
        }
        let response = answer(&self.workspace, self.encoding, request);
        self.send(response)
    }

    /// Handles one notification; an unknown one, or one whose parameters do not parse, is
    /// ignored (the protocol has no way to answer it).
    fn notification(&mut self, n: Notification) -> anyhow::Result<()> {
        let encoding = self.encoding;
        let touched = match n.method.as_str() {
            // The plan is read first once the client is ready, and again on every save
            // (which may change what the plan includes).
            "initialized" => Some(Touched::Plan),
            DidSaveTextDocument::METHOD => params::<DidSaveTextDocument>(n).map(|_| Touched::Plan),
            DidOpenTextDocument::METHOD => params::<DidOpenTextDocument>(n).and_then(|p| {
                let doc = p.text_document;
                let path = uri::to_path(&doc.uri)?;
                self.workspace.find_from(&path);
                self.documents.open(path.clone(), doc.text, doc.version);
                Some(Touched::File(path))
            }),
            DidChangeTextDocument::METHOD => params::<DidChangeTextDocument>(n).and_then(|p| {
                let doc = p.text_document;
                let path = uri::to_path(&doc.uri)?;
                self.documents
                    .change(&path, p.content_changes, doc.version, encoding)
                    .then_some(Touched::File(path))
            }),
            DidCloseTextDocument::METHOD => params::<DidCloseTextDocument>(n).and_then(|p| {
                let path = uri::to_path(&p.text_document.uri)?;
                self.documents.close(&path);
                Some(Touched::File(path))
            }),
            _ => None,
        };
        let relevant = match &touched {
            None => false,
            Some(Touched::Plan) => true,
            // A file not part of the plan is ignored (until a save shows it is included).
            Some(Touched::File(path)) => {
                let a = &self.workspace.analysis;
                a.sources.files().is_empty() || a.file_id(path).is_some()
            }
        };
        if relevant { self.refresh() } else { Ok(()) }
    }

    /// Reads the plan again and publishes every file's diagnostics, clearing those of
    /// files that left the plan.
    fn refresh(&mut self) -> anyhow::Result<()> {
        if let Err(e) = self.workspace.reload(&self.documents) {
            let message = format!("northstar: {e:#}");
            let params = LogMessageParams {
                typ: MessageType::ERROR,
                message,
            };
            self.send(Notification::new(LogMessage::METHOD.to_string(), params))?;
        }
        let files = diagnostics::by_file(&self.workspace.analysis, self.encoding);
        let gone: Vec<PathBuf> = self
            .published
            .iter()
            .filter(|p| !files.contains_key(*p))
            .cloned()
            .collect();
        self.published = files.keys().cloned().collect();
        let cleared = gone.into_iter().map(|p| (p, Vec::new()));
        for (path, list) in files.into_iter().chain(cleared) {
            let Some(uri) = uri::from_path(&path) else {
                continue;
            };
            let version = self.documents.get(&path).map(|d| d.version);
            self.publish(uri, list, version)?;
        }
        Ok(())
    }

    /// Sends one file's diagnostics.
    fn publish(
        &mut self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> anyhow::Result<()> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        ))
    }

    /// Writes one message and flushes it.
    fn send(&mut self, message: impl Into<Message>) -> anyhow::Result<()> {
        message.into().write(&mut self.out)?;
        self.out.flush()?;
        Ok(())
    }
}

/// The response to a feature's request.
fn answer(workspace: &Workspace, encoding: Encoding, request: Request) -> Response {
    let a = &workspace.analysis;
    match request.method.as_str() {
        GotoDefinition::METHOD => respond::<GotoDefinition, _>(request, |p| {
            let at = p.text_document_position_params;
            let path = uri::to_path(&at.text_document.uri)?;
            navigate::definition(a, &path, at.position, encoding)
                .map(lsp_types::GotoDefinitionResponse::Scalar)
        }),
        References::METHOD => respond::<References, _>(request, |p| {
            let at = p.text_document_position;
            let path = uri::to_path(&at.text_document.uri)?;
            let declaration = p.context.include_declaration;
            navigate::references(a, &path, at.position, declaration, encoding)
        }),
        DocumentSymbolRequest::METHOD => respond::<DocumentSymbolRequest, _>(request, |p| {
            let path = uri::to_path(&p.text_document.uri)?;
            symbols::document(a, &path, encoding).map(lsp_types::DocumentSymbolResponse::Nested)
        }),
        WorkspaceSymbolRequest::METHOD => respond::<WorkspaceSymbolRequest, _>(request, |p| {
            let found = symbols::workspace(a, &p.query, encoding);
            Some(lsp_types::WorkspaceSymbolResponse::Flat(found))
        }),
        HoverRequest::METHOD => respond::<HoverRequest, _>(request, |p| {
            let at = p.text_document_position_params;
            let path = uri::to_path(&at.text_document.uri)?;
            hover::hover(workspace, &path, at.position, encoding)
        }),
        Completion::METHOD => respond::<Completion, _>(request, |p| {
            let at = p.text_document_position;
            let path = uri::to_path(&at.text_document.uri)?;
            completion::complete(workspace, &path, at.position, encoding)
                .map(lsp_types::CompletionResponse::Array)
        }),
        InlayHintRequest::METHOD => respond::<InlayHintRequest, _>(request, |p| {
            let path = uri::to_path(&p.text_document.uri)?;
            hints::inlay_hints(workspace, &path, p.range, encoding)
        }),
        CodeActionRequest::METHOD => respond::<CodeActionRequest, _>(request, |p| {
            let doc = p.text_document;
            let path = uri::to_path(&doc.uri)?;
            actions::actions(a, &path, &doc.uri, p.range, encoding)
        }),
        CodeLensRequest::METHOD => respond::<CodeLensRequest, _>(request, |p| {
            let path = uri::to_path(&p.text_document.uri)?;
            hints::code_lenses(workspace, &path, encoding)
        }),
        PrepareRenameRequest::METHOD => respond::<PrepareRenameRequest, _>(request, |p| {
            let path = uri::to_path(&p.text_document.uri)?;
            rename::prepare(a, &path, p.position, encoding)
        }),
        Rename::METHOD => {
            let params = match serde_json::from_value::<lsp_types::RenameParams>(request.params) {
                Ok(p) => p,
                Err(e) => return invalid(request.id, &e),
            };
            let at = params.text_document_position;
            let edit = uri::to_path(&at.text_document.uri)
                .ok_or_else(|| crate::refusal::Refusal::new("not a file of the plan"))
                .and_then(|path| rename::rename(a, &path, at.position, &params.new_name, encoding));
            match edit {
                Ok(edit) => Response::new_ok(request.id, edit),
                Err(refusal) => {
                    let message = match &refusal.help {
                        Some(help) => format!("{}\nhelp: {help}", refusal.message),
                        None => refusal.message.clone(),
                    };
                    Response::new_err(request.id, ErrorCode::RequestFailed as i32, message)
                }
            }
        }
        method => {
            let e = format!("`{method}` is not supported");
            Response::new_err(request.id, ErrorCode::MethodNotFound as i32, e)
        }
    }
}

/// The response to `request` of type `R`: `f` of its parameters (`None`: a null result).
fn respond<R, T>(request: Request, f: impl FnOnce(R::Params) -> Option<T>) -> Response
where
    R: lsp_types::request::Request,
    R::Params: DeserializeOwned,
    T: Serialize,
{
    match serde_json::from_value::<R::Params>(request.params) {
        Ok(params) => Response::new_ok(request.id, f(params)),
        Err(e) => invalid(request.id, &e),
    }
}

/// The refusal of a request whose parameters do not parse.
fn invalid(id: RequestId, e: &serde_json::Error) -> Response {
    let code = ErrorCode::InvalidParams as i32;
    Response::new_err(id, code, format!("invalid parameters: {e}"))
}

/// What a notification changed.
enum Touched {
    /// Possibly any file of the plan.
    Plan,
    /// One open buffer.
    File(PathBuf),
}

/// The parameters of notification `n` of type `N`, `None` when they do not parse.
fn params<N>(n: Notification) -> Option<N::Params>
where
    N: lsp_types::notification::Notification,
    N::Params: DeserializeOwned,
{
    serde_json::from_value(n.params).ok()
}
