-- Driven by tests/testsuite/lsp_neovim.rs: Neovim's built-in LSP client on a copy of the
-- platform example (NS_ROOT), with `northstar lsp` (NS_BIN). Introduces a typo in the
-- unsaved buffer of teams/sre.toml and reads its diagnostic, undoes it, jumps from
-- `pillar = "reliability"` to its definition, renames `page-volume` to `weekly-pages`,
-- writes every buffer and quits. What it saw is written as JSON to NS_OUT; any failure
-- (an error, or a wait that times out) is written there too and quits with exit code 1.

local root = os.getenv('NS_ROOT')
local out = os.getenv('NS_OUT')
local seen = {}

local function wait(what, condition)
  if not vim.wait(30000, condition, 20) then
    error('timed out waiting for ' .. what)
  end
end

local function errors(buf)
  return vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.ERROR })
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/teams/sre.toml'))
  local sre = vim.api.nvim_get_current_buf()
  local config = {
    name = 'northstar',
    cmd = { os.getenv('NS_BIN'), 'lsp' },
    root_dir = root,
  }
  -- `vim.lsp.start` from Neovim 0.8; Debian bookworm's 0.7 has only `start_client`.
  if vim.lsp.start then
    vim.lsp.start(config)
  else
    vim.lsp.buf_attach_client(sre, vim.lsp.start_client(config))
  end
  -- `check`'s two warnings in sre.toml arrive first.
  wait('the first diagnostics', function() return #vim.diagnostic.get(sre) > 0 end)
  seen.first = #vim.diagnostic.get(sre)

  -- A typo in the unsaved buffer (line 7): an error, then undone.
  vim.api.nvim_buf_set_lines(sre, 6, 7, true, { 'pillar = "reliabilty"' })
  wait('the typo\'s error', function() return #errors(sre) > 0 end)
  local e = errors(sre)[1]
  seen.error = { code = e.code, message = e.message, line = e.lnum, column = e.col }
  vim.api.nvim_buf_set_lines(sre, 6, 7, true, { 'pillar = "reliability"' })
  wait('the error to clear', function() return #errors(sre) == 0 end)

  -- Go to definition from `pillar = "reliability"`.
  vim.api.nvim_win_set_cursor(0, { 7, 12 })
  vim.lsp.buf.definition()
  wait('the jump', function() return vim.api.nvim_get_current_buf() ~= sre end)
  seen.definition = {
    file = vim.api.nvim_buf_get_name(0),
    line = vim.api.nvim_win_get_cursor(0)[1],
  }

  -- Rename `page-volume` (line 12) to `weekly-pages`, then write every buffer.
  vim.api.nvim_set_current_buf(sre)
  vim.api.nvim_win_set_cursor(0, { 12, 7 })
  vim.lsp.buf.rename('weekly-pages')
  wait('the rename', function()
    return vim.api.nvim_buf_get_lines(sre, 11, 12, true)[1] == 'id = "weekly-pages"'
  end)
  vim.cmd('wall')
end

local ok, err = pcall(run)
if not ok then seen.failure = tostring(err) end
local file = assert(io.open(out, 'w'))
file:write(vim.fn.json_encode(seen))
file:close()
vim.cmd(ok and 'qall!' or 'cquit 1')
