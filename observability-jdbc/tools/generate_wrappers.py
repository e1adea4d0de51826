# Regenerates the delegation in src/main/java/dev/observability/jdbc/internal/*Wrapper.java from
# the java.sql interfaces of the running JDK (javap). Run from anywhere: python3 generate_wrappers.py
# Review the diff: methods that measure, wrap or return back-references are listed in 'custom'.
import os
import re, subprocess, sys

def javap(iface):
    out = subprocess.run(["javap", "-public", iface], capture_output=True, text=True).stdout
    methods = []
    for line in out.splitlines():
        line = line.strip()
        m = re.match(r'^public (abstract|default) (<[^>]+> )?(.+?) (\w+)\((.*)\)( throws (.+))?;$', line)
        if not m:
            continue
        kind, tparams, ret, name, params, _, throws = m.groups()
        plist = split_params(params)
        methods.append(dict(kind=kind, tparams=(tparams or '').strip(), ret=ret, name=name, params=plist, throws=throws))
    return methods

def split_params(s):
    if not s.strip():
        return []
    parts, depth, cur = [], 0, ''
    for ch in s:
        if ch == '<': depth += 1
        if ch == '>': depth -= 1
        if ch == ',' and depth == 0:
            parts.append(cur.strip()); cur = ''
        else:
            cur += ch
    parts.append(cur.strip())
    return parts

IMPORTS = set()
def simple(t):
    def repl(m):
        full = m.group(0)
        if full.startswith('java.lang.') and full.count('.') == 2:
            return full[len('java.lang.'):]
        IMPORTS.add(re.sub(r'\[\]', '', full))
        return full.split('.')[-1]
    return re.sub(r'java\.[a-z]+(\.[a-z]+)*\.[A-Z]\w*', repl, t)

def sig(m):
    params = ', '.join(f'{simple(p)} arg{i}' for i, p in enumerate(m['params']))
    tp = (m['tparams'] + ' ') if m['tparams'] else ''
    throws = (' throws ' + ', '.join(simple(x.strip()) for x in m['throws'].split(','))) if m['throws'] else ''
    return f"public {tp}{simple(m['ret'])} {m['name']}({params}){throws}"

def key(m):
    return m['name'] + '(' + ','.join(re.sub(r'<.*>', '', p).split('.')[-1] for p in m['params']) + ')'

def args(m):
    return ', '.join(f'arg{i}' for i in range(len(m['params'])))

def gen_methods(iface, delegate, custom, skip=()):
    out = []
    for m in javap(iface):
        k = key(m)
        if k in skip:
            continue
        body = custom.get(k)
        if body is None:
            call = f"{delegate}.{m['name']}({args(m)})"
            body = f"{'' if m['ret']=='void' else 'return '}{call};"
        body = body.replace('$ARGS', args(m))
        out.append(f"  @Override\n  {sig(m)} {{\n    " + body.replace('\n', '\n    ') + "\n  }\n")
    return out

def write(path, header, cls_decl, fields_ctor, methods, extra=''):
    for t in ('Connection','Statement','PreparedStatement','CallableStatement','ResultSet','DatabaseMetaData'):
        if re.search(r'\b' + t + r'\b', cls_decl + fields_ctor):
            IMPORTS.add('java.sql.' + t)
    imports = sorted(i for i in IMPORTS)
    with open(path, 'w') as f:
        f.write(header)
        for i in imports:
            f.write(f'import {i};\n')
        f.write('\n' + cls_decl + ' {\n\n' + fields_ctor + '\n' + '\n'.join(methods) + extra + '}\n')
    IMPORTS.clear()

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main', 'java', 'dev', 'observability', 'jdbc', 'internal') + os.sep
HEADER = '''package dev.observability.jdbc.internal;

'''
NOTE = '''/**
 * %s
 *
 * <p>Every method of the interface is implemented here (a test checks it), delegating to the
 * wrapped object; the delegation was generated from the {@code java.sql} interfaces and the few
 * methods that measure, wrap children or return back-references were written by hand. Timing and
 * counting live in {@link JdbcInstrumentation}.
 *
 * <p>Internal; not for public use, may change at any time.
 */
'''
UNWRAP = {
  'unwrap(Class)': 'if (arg0.isInstance(this)) {\n  return arg0.cast(this);\n}\nreturn delegate.unwrap(arg0);',
  'isWrapperFor(Class)': 'return arg0.isInstance(this) || delegate.isWrapperFor(arg0);',
}

# ---- Connection
custom = dict(UNWRAP)
for m in javap('java.sql.Connection'):
    k = key(m)
    if m['name'] == 'createStatement':
        custom[k] = 'return new StatementWrapper<>(delegate.createStatement($ARGS), this, instrumentation);'
    elif m['name'] == 'prepareStatement':
        custom[k] = 'return new PreparedStatementWrapper<>(delegate.prepareStatement($ARGS), this, instrumentation, arg0);'
    elif m['name'] == 'prepareCall':
        custom[k] = 'return new CallableStatementWrapper(delegate.prepareCall($ARGS), this, instrumentation, arg0);'
custom['getMetaData()'] = 'DatabaseMetaData metaData = delegate.getMetaData();\nreturn metaData == null ? null : new DatabaseMetaDataWrapper(metaData, this);'
custom['close()'] = '''// Drivers need not mark their statements closed when the connection closes; we do, and drop
// our references to them, so nothing is retained past the connection.
try {
  closeOpenStatements();
  delegate.close();
} finally {
  if (closed.compareAndSet(false, true) && onClose != null) {
    onClose.run();
  }
}'''
IMPORTS.add('java.util.concurrent.atomic.AtomicBoolean')
IMPORTS.add('java.util.ArrayList')
IMPORTS.add('java.util.List')
methods = gen_methods('java.sql.Connection', 'delegate', custom) + gen_methods('java.sql.Wrapper', 'delegate', custom)
write(OUT + 'ConnectionWrapper.java', HEADER,
  NOTE % 'A {@link Connection} whose statements are measured and whose children are wrapped too.' + 'public final class ConnectionWrapper implements Connection',
'''  private final Connection delegate;
  private final JdbcInstrumentation instrumentation;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  /**
   * Guarded by itself. A list rather than a concurrent set: statements are nearly always closed
   * last-opened-first, so removal finds them at the end, and nothing is allocated per statement.
   */
  private final List<StatementWrapper<?>> openStatements = new ArrayList<>(4);

  /**
   * Wraps a connection.
   *
   * @param delegate the driver's connection
   * @param instrumentation the measuring
   * @param onClose run once when the connection is closed, or {@code null}
   */
  public ConnectionWrapper(Connection delegate, JdbcInstrumentation instrumentation, Runnable onClose) {
    this.delegate = delegate;
    this.instrumentation = instrumentation;
    this.onClose = onClose;
  }

  void opened(StatementWrapper<?> statement) {
    synchronized (openStatements) {
      openStatements.add(statement);
    }
  }

  void closed(StatementWrapper<?> statement) {
    synchronized (openStatements) {
      for (int i = openStatements.size() - 1; i >= 0; i--) {
        if (openStatements.get(i) == statement) {
          openStatements.remove(i);
          return;
        }
      }
    }
  }

  /** How many statements are open; for tests. */
  int openStatementCount() {
    synchronized (openStatements) {
      return openStatements.size();
    }
  }

  private void closeOpenStatements() {
    List<StatementWrapper<?>> open;
    synchronized (openStatements) {
      open = new ArrayList<>(openStatements);
    }
    for (StatementWrapper<?> statement : open) {
      try {
        statement.close();
      } catch (SQLException | RuntimeException ignored) {
        // closing the connection below releases it anyway
      }
    }
    synchronized (openStatements) {
      openStatements.clear();
    }
  }
''', methods)

# ---- Statement
custom = dict(UNWRAP)
for m in javap('java.sql.Statement'):
    k = key(m); n = m['name']
    if n == 'executeQuery':
        custom[k] = 'return wrap(instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.executeQuery($ARGS)));'
    elif n in ('execute', 'executeUpdate', 'executeLargeUpdate'):
        custom[k] = f'return instrumentation.execute(instrumentation.info(arg0), 0, null, () -> delegate.{n}($ARGS));'
custom['addBatch(String)'] = 'delegate.addBatch(arg0);\naddToBatch(instrumentation.info(arg0));'
custom['clearBatch()'] = 'delegate.clearBatch();\nbatchInfo = null;\nbatchSize = 0;'
custom['executeBatch()'] = 'return instrumentation.execute(takeBatchInfo(), takeBatchSize(), parameters(), () -> delegate.executeBatch());'
custom['executeLargeBatch()'] = 'return instrumentation.execute(takeBatchInfo(), takeBatchSize(), parameters(), () -> delegate.executeLargeBatch());'
custom['getResultSet()'] = 'return wrap(delegate.getResultSet());'
custom['getGeneratedKeys()'] = 'return wrap(delegate.getGeneratedKeys());'
custom['getConnection()'] = 'return connection;'
custom['close()'] = 'try {\n  delegate.close();\n} finally {\n  connection.closed(this);\n}'
methods = gen_methods('java.sql.Statement', 'delegate', custom) + gen_methods('java.sql.Wrapper', 'delegate', custom)
write(OUT + 'StatementWrapper.java', HEADER,
  NOTE % 'A {@link Statement} whose executions are measured; result sets and {@link #getConnection()} lead back to wrappers.' + 'public class StatementWrapper<S extends Statement> implements Statement',
'''  /** The driver's statement. */
  protected final S delegate;
  /** The wrapper of the connection that made this statement. */
  protected final ConnectionWrapper connection;
  /** The measuring. */
  protected final JdbcInstrumentation instrumentation;
  private SqlInfo batchInfo;
  private int batchSize;

  /**
   * Wraps a statement.
   *
   * @param delegate the driver's statement
   * @param connection the wrapper of its connection
   * @param instrumentation the measuring
   */
  public StatementWrapper(S delegate, ConnectionWrapper connection, JdbcInstrumentation instrumentation) {
    this.delegate = delegate;
    this.connection = connection;
    this.instrumentation = instrumentation;
    connection.opened(this);
  }

  /** Wraps a result set of this statement, so that its {@code getStatement()} returns this. */
  protected final ResultSet wrap(ResultSet resultSet) {
    return resultSet == null ? null : new ResultSetWrapper(resultSet, this);
  }

  /**
   * Counts a statement added to the batch; only the first one's text is kept, so a batch of a
   * hundred thousand statements costs two fields.
   */
  protected final void addToBatch(SqlInfo info) {
    if (batchInfo == null) {
      batchInfo = info;
    }
    batchSize++;
  }

  /** The parameters captured for slow-query reports, if any. */
  protected Parameters parameters() {
    return null;
  }

  private SqlInfo takeBatchInfo() {
    SqlInfo info = batchInfo == null ? instrumentation.info("BATCH") : batchInfo;
    batchInfo = null;
    return info;
  }

  private int takeBatchSize() {
    int size = Math.max(batchSize, 1);
    batchSize = 0;
    return size;
  }

  /** How many statements are in the pending batch; for tests. */
  final int pendingBatchSize() {
    return batchSize;
  }
''', methods)

# ---- PreparedStatement
SIMPLE_VALUES = {'boolean','byte','short','int','long','float','double','java.math.BigDecimal','java.lang.String',
                 'java.sql.Date','java.sql.Time','java.sql.Timestamp','java.lang.Object','java.net.URL'}
custom = {}
for m in javap('java.sql.PreparedStatement'):
    k = key(m); n = m['name']
    if n == 'executeQuery':
        custom[k] = 'return wrap(instrumentation.execute(info, 0, parameters, () -> delegate.executeQuery()));'
    elif n in ('execute', 'executeUpdate', 'executeLargeUpdate') and not m['params']:
        custom[k] = f'return instrumentation.execute(info, 0, parameters, () -> delegate.{n}());'
    elif n.startswith('set') and m['params'] and m['params'][0] == 'int' and len(m['params']) >= 2:
        if n == 'setNull':
            value = 'null'
        elif m['params'][1] in SIMPLE_VALUES:
            value = 'arg1'
        else:
            value = '"<' + m['params'][1].split('.')[-1] + '>"'
        custom[k] = f'delegate.{n}($ARGS);\nif (parameters != null) {{\n  parameters.set(arg0, {value});\n}}'
custom['addBatch()'] = 'delegate.addBatch();\naddToBatch(info);'
custom['clearParameters()'] = 'delegate.clearParameters();\nif (parameters != null) {\n  parameters.clear();\n}'
methods = gen_methods('java.sql.PreparedStatement', 'delegate', custom)
write(OUT + 'PreparedStatementWrapper.java', HEADER,
  NOTE % 'A {@link PreparedStatement} measured under its sanitized SQL, analysed once when prepared.' + 'public class PreparedStatementWrapper<S extends PreparedStatement> extends StatementWrapper<S>\n    implements PreparedStatement',
'''  /** The analysed statement text. */
  protected final SqlInfo info;
  /** Captured parameter values, or {@code null} unless the user opted in. */
  protected final Parameters parameters;

  /**
   * Wraps a prepared statement.
   *
   * @param delegate the driver's statement
   * @param connection the wrapper of its connection
   * @param instrumentation the measuring
   * @param sql the statement text
   */
  public PreparedStatementWrapper(S delegate, ConnectionWrapper connection, JdbcInstrumentation instrumentation, String sql) {
    super(delegate, connection, instrumentation);
    this.info = instrumentation.info(sql);
    this.parameters = instrumentation.capturesParameters() ? new Parameters() : null;
  }

  @Override
  protected final Parameters parameters() {
    return parameters;
  }
''', methods)

# ---- CallableStatement
methods = gen_methods('java.sql.CallableStatement', 'delegate', {})
write(OUT + 'CallableStatementWrapper.java', HEADER,
  NOTE % 'A {@link CallableStatement}; executions are measured by {@link PreparedStatementWrapper}.' + 'public final class CallableStatementWrapper extends PreparedStatementWrapper<CallableStatement>\n    implements CallableStatement',
'''  /**
   * Wraps a callable statement.
   *
   * @param delegate the driver's statement
   * @param connection the wrapper of its connection
   * @param instrumentation the measuring
   * @param sql the statement text
   */
  public CallableStatementWrapper(CallableStatement delegate, ConnectionWrapper connection, JdbcInstrumentation instrumentation, String sql) {
    super(delegate, connection, instrumentation, sql);
  }
''', methods)

# ---- ResultSet
custom = dict(UNWRAP)
custom['getStatement()'] = 'return statement;'
methods = gen_methods('java.sql.ResultSet', 'delegate', custom) + gen_methods('java.sql.Wrapper', 'delegate', custom)
write(OUT + 'ResultSetWrapper.java', HEADER,
  NOTE % 'A {@link ResultSet} whose {@link #getStatement()} returns the statement wrapper, as the JDBC contract expects.' + 'public final class ResultSetWrapper implements ResultSet',
'''  private final ResultSet delegate;
  private final Statement statement;

  ResultSetWrapper(ResultSet delegate, Statement statement) {
    this.delegate = delegate;
    this.statement = statement;
  }
''', methods)

# ---- DatabaseMetaData
custom = dict(UNWRAP)
custom['getConnection()'] = 'return connection;'
methods = gen_methods('java.sql.DatabaseMetaData', 'delegate', custom) + gen_methods('java.sql.Wrapper', 'delegate', custom)
write(OUT + 'DatabaseMetaDataWrapper.java', HEADER,
  NOTE % 'A {@link DatabaseMetaData} whose {@link #getConnection()} returns the connection wrapper.' + 'public final class DatabaseMetaDataWrapper implements DatabaseMetaData',
'''  private final DatabaseMetaData delegate;
  private final Connection connection;

  DatabaseMetaDataWrapper(DatabaseMetaData delegate, Connection connection) {
    this.delegate = delegate;
    this.connection = connection;
  }
''', methods)
print("generated")
