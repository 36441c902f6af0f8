<#
.SYNOPSIS
  Build the one-folder Windows app with PyInstaller: DIST\portfolio-desktop\portfolio-desktop.exe
  (command line, and the GUI when started without a command) and portfolio-desktop-gui.exe (the GUI
  without a console window, for the Start-menu shortcut).

.DESCRIPTION
  The Windows counterpart of packaging/build.sh (see the README section "Building the installable
  bundle"). PyInstaller cannot cross-compile: run this on Windows 10/11 x64 with Python 3.11 x64
  from python.org ("py -3.11" must work). Creates .venv with the app when it is missing, installs
  the `package` extra of pyproject.toml (PyInstaller) when it is missing, builds, prints the time
  and size, and with -Smoke runs packaging\smoke_test.py against the result.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\build.ps1 -Smoke
.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\build.ps1 -Dist C:\temp\dist -Work C:\temp\build
#>
param(
  [string]$Dist = "",
  [string]$Work = "",
  [switch]$Smoke
)
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..")).Path
if (-not $Dist) { $Dist = Join-Path $Root "dist" }
if (-not $Work) { $Work = Join-Path $Root "build" }
$Py = Join-Path $Root ".venv\Scripts\python.exe"

function Invoke-Checked([string]$What, [scriptblock]$Command) {
  & $Command
  if ($LASTEXITCODE -ne 0) { throw "$What failed (exit $LASTEXITCODE)" }
}

if (-not (Test-Path $Py)) {
  Write-Host "creating .venv with Python 3.11"
  Invoke-Checked "py -3.11 -m venv" { py -3.11 -m venv (Join-Path $Root ".venv") }
  Invoke-Checked "pip upgrade" { & $Py -m pip install -q --upgrade pip }
  Invoke-Checked "installing the app" { & $Py -m pip install -q -e "$($Root)[test,package]" }
}
# find_spec prints nothing: Windows PowerShell turns a native command's stderr into errors under "Stop".
& $Py -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('PyInstaller') is None)"
if ($LASTEXITCODE -ne 0) {
  # Only the `package` extra (the PyInstaller pin lives in pyproject.toml), not the project again.
  $reqs = & $Py -c "import sys, tomllib; print('\n'.join(tomllib.load(open(sys.argv[1], 'rb'))['project']['optional-dependencies']['package']))" (Join-Path $Root "pyproject.toml")
  Write-Host "installing into .venv: $reqs"
  Invoke-Checked "installing PyInstaller" { & $Py -m pip install -q @($reqs) }
}

$clock = [Diagnostics.Stopwatch]::StartNew()
Invoke-Checked "PyInstaller" {
  & $Py -m PyInstaller --noconfirm --log-level WARN --distpath $Dist --workpath $Work `
    (Join-Path $Root "packaging\portfolio-desktop.spec")
}
$clock.Stop()

$App = Join-Path $Dist "portfolio-desktop"
$Exe = Join-Path $App "portfolio-desktop.exe"
if (-not (Test-Path $Exe)) { throw "build failed: $Exe missing" }
$bytes = (Get-ChildItem $App -Recurse -File | Measure-Object -Property Length -Sum).Sum
Write-Host ("built {0} in {1:N0} s, {2:N0} MB" -f $App, $clock.Elapsed.TotalSeconds, ($bytes / 1MB))

if ($Smoke) {
  Invoke-Checked "smoke test" { & $Py (Join-Path $Root "packaging\smoke_test.py") $Exe }
}
